"""Forms of the comment pages and of the moderation queue; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import ModerationReason, ReportReason, SpeakerCategory


class ServiceErrorsMixin:
    """Show a service's ``ValidationError`` on the matching fields (or the whole form)."""

    def add_service_errors(self, error):
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class CommentForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
        max_length=100_000,
    )
    speaker_category = forms.ChoiceField(
        label=_("You speak as (optional)"),
        choices=[("", _("Not stated")), *SpeakerCategory.choices],
        required=False,
    )
    declared_interest = forms.CharField(
        label=_("Interests to declare (optional)"),
        help_text=_("For instance a link with a company or an organisation concerned."),
        max_length=300,
        required=False,
    )
    synthesis_email = forms.BooleanField(
        label=_("Email me when the synthesis of the consultation is published"),
        required=False,
        initial=True,
    )
    question = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, max_length=1000, with_question=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_question:
            del self.fields["question"]
        self.fields["body"].help_text = _("Plain text, %(limit)s characters at most.") % {
            "limit": max_length
        }
        self.fields["body"].widget.attrs["maxlength"] = max_length


class ReportForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )


class AppealForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Why should your comment be restored?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )


class ReasonsForm(ServiceErrorsMixin, forms.Form):
    """A moderator's reason code and the statement of reasons sent to the person concerned."""

    reason_code = forms.ChoiceField(label=_("Reason code"), choices=ModerationReason.choices)
    statement = forms.CharField(
        label=_("Statement of reasons (sent to the author)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StatementForm(ServiceErrorsMixin, forms.Form):
    statement = forms.CharField(
        label=_("Statement of reasons (sent to the author)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
