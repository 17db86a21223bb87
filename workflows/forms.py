"""Forms of the entrepreneur space and of the dossier page (rendered with DSFR markup)."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.fragments import Fragments
from governance.models import Recommendation, Region
from governance.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_DESCRIPTION, MAX_FILES_PER_ITEM
from workflows.models import (
    CorrectionReason,
    Dossier,
    Pathway,
    ReviewOpinion,
    validate_siret,
)
from workflows.models.message import MESSAGE_MAX_LENGTH
from workflows.transitions import COMMENT_MAX_LENGTH, RETURN_DESTINATIONS


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files in one input; their content is checked by ``uploads.check_files``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Enclosed files (optional)"))
        kwargs.setdefault(
            "help_text",
            _("%(types)s Up to %(max)s files.")
            % {"types": ACCEPTED_DESCRIPTION, "max": MAX_FILES_PER_ITEM},
        )
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DossierForm(forms.ModelForm):
    """The applicant's dossier; only the title, summary, pathway and region are needed to save.

    Everything else is checked when the dossier is submitted, so a draft can be saved early.
    """

    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"), label=_("Region"), to_field_name="slug"
    )
    recommendations = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.order_by("number"),
        label=_("Linked recommendations of the CNNum report"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dossier
        fields = [
            "title",
            "summary",
            "pathway",
            "region",
            "product_description",
            "target_users",
            "evidence",
            "regulatory_status",
            "product_kind",
            "recommendations",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "product_description": forms.Textarea(attrs={"rows": 5}),
            "target_users": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, locked_region=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].label_from_instance = lambda r: f"{r.number}. {r.title}"
        if self.instance.region_id:
            # The select's options are slugs: its initial value must be one too, or none shows.
            self.initial["region"] = self.instance.region.slug
        # Once routed to a hub the region no longer changes: the page shows it as text
        # (``locked_region``) rather than a disabled select, which browsers do not submit.
        self.locked_region = self.instance.region if locked_region else None
        if locked_region:
            del self.fields["region"]


class SiretField(forms.CharField):
    """14 ASCII digits with a valid key; spaces are dropped, full-width digits refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("SIRET number"))
        kwargs.setdefault(
            "help_text",
            _("14 digits, found on your Kbis extract or on annuaire-entreprises.data.gouv.fr."),
        )
        super().__init__(max_length=20, **kwargs)

    def clean(self, value):
        value = "".join(super().clean(value).split())
        validate_siret(value)
        return value


class CompanyLookupForm(forms.Form):
    """Step one of declaring a company: its SIRET, looked up in the public directory."""

    siret = SiretField()


class OrganisationForm(forms.Form):
    """Step two: the company as the directory describes it, or as typed when it cannot say."""

    siret = SiretField()
    name = forms.CharField(label=_("Company name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"), label=_("Region"), to_field_name="slug"
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the colleague to invite"),
        help_text=_(
            "They receive an email to accept or decline; they may create their account then."
        ),
    )


class TransitionForm(forms.Form):
    """The inputs one transition needs; built from its spec (and, for a review, its scale).

    ``prefix`` keeps the fields of several forms on one page apart (one per review).
    """

    def __init__(self, spec, *args, scale=(), prefix=None, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.prefix = prefix or spec.name
        self.action = action
        if spec.needs_opinion and scale:
            self.fields["opinion"] = forms.ChoiceField(
                label=_("Opinion"),
                choices=[(value, ReviewOpinion(value).label) for value in scale],
                widget=forms.RadioSelect,
            )
        if spec.needs_destination:
            self.fields["to"] = forms.ChoiceField(
                label=_("Send back to"),
                choices=[(v, v.label) for v in RETURN_DESTINATIONS],
                widget=forms.RadioSelect,
            )
        if spec.takes_reason:
            self.fields["reason"] = forms.ChoiceField(
                label=_("Reason"), choices=CorrectionReason.choices
            )
        if spec.takes_comment:
            self.fields["comment"] = forms.CharField(
                label=spec.comment_label,
                required=spec.comment_required,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if spec.takes_files:
            self.fields["files"] = MultipleFileField()
        if spec.takes_file:
            self.fields["file"] = forms.FileField(
                label=_("Attached file (optional)"),
                required=False,
                help_text=ACCEPTED_DESCRIPTION,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            )

    def add_service_errors(self, errors):
        for field, messages in errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document"),
        help_text=ACCEPTED_DESCRIPTION,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField()


# Django draws each option of a select through two template includes: the queue's filters,
# some fifty options, cost every queue page about 3 ms.
SELECTS = Fragments(500)


class Select(forms.Select):
    """Django's select, its markup remembered in each process (``SELECTS``) under everything it
    is drawn from: name, value, attributes and choices (their labels as translated)."""

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            type(self),
            renderer,
            name,
            tuple(self.format_value(value)),
            repr(self.build_attrs(self.attrs, attrs)),
            repr([(str(choice), str(label)) for choice, label in self.choices]),
        )
        return SELECTS.get_or_render(key, partial(super().render, name, value, attrs, renderer))


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or title"), required=False, max_length=200)
    # Plain (slug, name) choices, read once: a model choice field reads the regions through a
    # server-side cursor on each pass (validation, drawing) and wraps every option.
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    pathway = forms.ChoiceField(
        label=_("Pathway"),
        required=False,
        choices=[("", _("All pathways")), *Pathway.choices],
        widget=Select,
    )
    state = forms.ChoiceField(label=_("State"), required=False, widget=Select)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False, widget=Select)

    def __init__(self, *args, members=(), **kwargs):
        from workflows.models import DossierState

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *Region.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["state"].choices = [("", _("All states")), *DossierState.choices]
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *((member.username, member.display_name) for member in members),
        ]

    def queue_filters(self):
        """The keyword arguments of ``selectors.queue_for`` this form's valid data gives."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "region": data.get("region") or None,
            "pathway": data.get("pathway") or None,
            "state": data.get("state") or None,
            "q": data.get("q") or None,
            "assignee": data.get("assignee") or None,
        }


class NoteForm(forms.Form):
    prefix = "note"  # the message form shares the page (and field names)

    body = forms.CharField(
        label=_("Private note (never shown to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    files = MultipleFileField()


class AssignmentForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            (member.username, member.display_name) for member in members
        ]
