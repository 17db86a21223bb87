"""Public consultations: the index at ``/consultations/`` and one page per consultation.

A consultation's status follows its dates, with no manual switch: upcoming before ``opens_at``,
open on the half-open interval [``opens_at``, ``closes_at``), closed from ``closes_at`` on. After
closing, editors publish a synthesis with an official answer per theme, kept in the page's
revisions like the rest of its content.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.base import SitePage
from governance import public_cache
from governance.panels import LabelledInlinePanel

CONSULTATION_INDEX_SLUG = "consultations"
DEFAULT_COMMENT_MAX_LENGTH = 1000


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def status_at(opens_at, closes_at, now):
    """The status of a consultation open on [opens_at, closes_at) at the instant ``now``."""
    if now < opens_at:
        return ConsultationStatus.UPCOMING
    if now < closes_at:
        return ConsultationStatus.OPEN
    return ConsultationStatus.CLOSED


class ConsultationPageQuerySet(PageQuerySet):
    def with_status(self, status, now=None):
        """Consultations whose dates put them in ``status`` at ``now``, filtered in SQL."""
        now = now or timezone.now()
        conditions = {
            ConsultationStatus.UPCOMING: Q(opens_at__gt=now),
            ConsultationStatus.OPEN: Q(opens_at__lte=now, closes_at__gt=now),
            ConsultationStatus.CLOSED: Q(closes_at__lte=now),
        }
        return self.filter(conditions[ConsultationStatus(status)])

    def next_status_change(self, now=None):
        """The next instant at which one of these consultations opens or closes (or None)."""
        now = now or timezone.now()
        found = self.aggregate(
            opens=models.Min("opens_at", filter=Q(opens_at__gt=now)),
            closes=models.Min("closes_at", filter=Q(closes_at__gt=now)),
        )
        instants = [instant for instant in found.values() if instant is not None]
        return min(instants) if instants else None


ConsultationPageManager = PageManager.from_queryset(ConsultationPageQuerySet)


def cache_until(response, instant, now=None):
    """Let caches keep a page no longer than the next opening or closing it depends on."""
    if instant is not None:
        seconds = max(0, int((instant - (now or timezone.now())).total_seconds()))
        patch_cache_control(response, max_age=seconds)
    return response


class ConsultationIndexPage(SitePage):
    """``/consultations/``: open, upcoming and closed consultations."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultations index")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import consultations_by_status

        context = super().get_context(request, *args, **kwargs)
        context.update(
            consultations_by_status(self, request.GET.get("page"), context["content_language"])
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        consultations = ConsultationPage.objects.live().child_of(self)
        return cache_until(response, consultations.next_status_change())


class ConsultationPageForm(WagtailAdminPageForm):
    """Refuses to publish a synthesis before the consultation has closed; official answers
    choose among this consultation's published contributions only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cms.models.comments import Comment, CommentState

        contributions = Comment.objects.none()
        if self.instance.pk:
            contributions = (
                Comment.objects.filter(
                    consultation=self.instance.conversation_page, state=CommentState.PUBLISHED
                )
                .with_author_label()
                .select_related("question")
                .order_by("created_at", "id")
            )
        answers = self.formsets.get("synthesis_answers")
        for form in answers.forms if answers is not None else []:
            field = form.fields.get("contributions")
            if field is not None:
                field.queryset = contributions
                field.label_from_instance = Comment.admin_label

    def clean(self):
        cleaned_data = super().clean()
        publishing = "action-publish" in self.data or "action-submit" in self.data
        answers = self.formsets.get("synthesis_answers")
        has_answers = answers is not None and any(
            form.cleaned_data and not form.cleaned_data.get("DELETE")
            for form in answers.forms
            if hasattr(form, "cleaned_data")
        )
        closes_at = cleaned_data.get("closes_at")
        has_synthesis = has_answers or bool(cleaned_data.get("synthesis_intro"))
        if publishing and has_synthesis and closes_at and timezone.now() < closes_at:
            self.add_error(
                "synthesis_intro",
                _(
                    "The synthesis can be published only once the consultation has closed "
                    "(%(date)s)."
                )
                % {"date": date_format(timezone.localtime(closes_at), "DATETIME_FORMAT")},
            )
        return cleaned_data


class ConsultationPage(SitePage):
    """One public consultation: what is asked, on which recommendations, until when."""

    intro = models.TextField(_("introduction"), help_text=_("What the consultation is about."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    recommendations = ParentalManyToManyField(
        "governance.Recommendation",
        verbose_name=_("recommendations concerned"),
        related_name="consultations",
        blank=True,
    )
    opens_at = models.DateTimeField(_("opens at"), db_index=True)
    closes_at = models.DateTimeField(_("closes at"), db_index=True)
    comment_max_length = models.PositiveIntegerField(
        _("maximum comment length"),
        default=DEFAULT_COMMENT_MAX_LENGTH,
        validators=[MinValueValidator(100), MaxValueValidator(10000)],
        help_text=_("In characters."),
    )
    premoderation = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("Every comment waits for a moderator before it is published."),
    )
    synthesis_intro = models.TextField(
        _("synthesis"),
        blank=True,
        help_text=_("What the consultation taught; published once it has closed."),
    )

    objects = ConsultationPageManager()

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Dates"),
        ),
        LabelledInlinePanel(
            "questions",
            heading=_("Questions put to the public"),
            min_num=1,
            add_label=_("Add a question"),
        ),
        FieldPanel("body"),
        LabelledInlinePanel("documents", heading=_("Documents"), add_label=_("Add a document")),
        FieldPanel("recommendations"),
        MultiFieldPanel(
            [FieldPanel("comment_max_length"), FieldPanel("premoderation")],
            heading=_("Comments"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("synthesis_intro"),
                LabelledInlinePanel(
                    "synthesis_answers",
                    heading=_("Official answers by theme"),
                    add_label=_("Add an official answer"),
                ),
            ],
            heading=_("Synthesis (after closing)"),
        ),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("synthesis_intro"),
        index.RelatedFields("questions", [index.SearchField("text")]),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    base_form_class = ConsultationPageForm

    parent_page_types = ["cms.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(comment_max_length__gte=100, comment_max_length__lte=10000),
                name="consultation_comment_length_100_10000",
            ),
        ]

    def status_at(self, now):
        return status_at(self.opens_at, self.closes_at, now)

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return ConsultationStatus(self.status).label

    @property
    def is_open(self):
        return self.status == ConsultationStatus.OPEN

    @property
    def is_closed(self):
        return self.status == ConsultationStatus.CLOSED

    @property
    def has_synthesis(self):
        return bool(self.synthesis_intro) or self.synthesis_answers.exists()

    @property
    def meta_description(self):
        return super().meta_description or self.intro

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing date must follow the opening date.")}
            )

    def next_status_change(self):
        now = timezone.now()
        return next((instant for instant in (self.opens_at, self.closes_at) if instant > now), None)

    @cached_property
    def conversation_page(self):
        """The page the consultation's comments belong to: its source in the site's language
        (this page when it is French, or when it translates nothing). A translation shows and
        takes the same contributions as its source: one conversation, whatever the language."""
        if not self.is_translation:
            return self
        source = ConsultationPage.objects.filter(
            translation_key=self.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        ).first()
        return source or self

    def for_language(self, language):
        """Where a reader of ``language`` follows this consultation: its live translation in
        that language, else this page (comment pages lead back there)."""
        if self.language == language:
            return self
        translation = (
            ConsultationPage.objects.live()
            .filter(translation_key=self.translation_key, locale__language_code=language)
            .first()
        )
        return translation or self

    def conversation_questions(self):
        """The questions the conversation hangs on (the source's, which comments point to),
        each worded as this page words it where it translates it (same ``translation_key``)."""
        source = self.conversation_page
        # In their place on the page, then as created (a place may be empty).
        questions = list(source.questions.order_by("sort_order", "pk"))
        language = self.language
        for question in questions:
            question.language = language  # the language ``text`` and ``details`` are in
        if source.pk != self.pk:
            wording = {question.translation_key: question for question in self.questions.all()}
            for question in questions:
                translated = wording.get(question.translation_key)
                if translated is not None:
                    question.text, question.details = translated.text, translated.details
                else:  # not translated yet: the source's words, in the source's language
                    question.language = settings.LANGUAGE_CODE
        return questions

    def cache_scopes(self):
        """Its own scopes, and its conversation's: a comment drops every language's copy."""
        consultations = {self.pk, self.conversation_page.pk}
        return [
            *super().cache_scopes(),
            *(public_cache.consultation_scope(pk) for pk in sorted(consultations)),
        ]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import consultation_details

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_details(self))
        # The recommendations' tags link their pages.
        public_cache.depends_on(
            request,
            *(public_cache.recommendation_scope(r.pk) for r in context["recommendations"]),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return cache_until(response, self.next_status_change())


class ConsultationQuestion(TranslatableMixin, Orderable):
    """A question put to the public; a comment answers one of them or the whole consultation.

    Translatable with its page (wagtail-localize): a translation's question keeps its source's
    ``translation_key``, which is how the translation finds the question comments answer."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    details = models.TextField(_("details"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("details")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class SynthesisAnnouncement(models.Model):
    """The one email round telling participants that a consultation's synthesis is out."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="synthesis_announcement"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("synthesis announcement")
        verbose_name_plural = _("synthesis announcements")

    def __str__(self):
        return f"{self.consultation_id} @ {self.sent_at:%Y-%m-%d}"


class ConsultationDocument(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"),
        max_length=200,
        blank=True,
        help_text=_("The document's title when left empty."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class OfficialAnswer(models.TextChoices):
    TAKEN_INTO_ACCOUNT = "taken_into_account", _("Taken into account")
    NOT_RETAINED = "not_retained", _("Not retained")


class SynthesisAnswer(Orderable, ClusterableModel):
    """The ministry's official answer on one theme raised by the consultation, and the
    contributions it answers (kept in the page's revisions like the answer itself)."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="synthesis_answers")
    theme = models.CharField(_("theme"), max_length=200)
    answer = models.CharField(_("official answer"), max_length=32, choices=OfficialAnswer.choices)
    reason = models.TextField(_("reason"))
    contributions = ParentalManyToManyField(
        "cms.Comment",
        verbose_name=_("contributions answered"),
        related_name="official_answers",
        blank=True,
        help_text=_("The published contributions this answer responds to."),
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("answer"),
        FieldPanel("reason"),
        FieldPanel("contributions", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__in=OfficialAnswer.values), name="synthesis_answer_valid"
            )
        ]
