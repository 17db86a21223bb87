"""Read paths of the public pages: each runs a fixed number of queries, whatever the page count."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404
from django.utils import translation

from cms.models import (
    AxisPage,
    Comment,
    CommentState,
    ConsultationPage,
    ConsultationStatus,
    RecommendationPage,
    public_pages,
)
from governance.models import Recommendation

CLOSED_CONSULTATIONS_PER_PAGE = 20
HOME_CONSULTATIONS = 3
HOME_LATEST_PROGRESS = 6


def in_site_language(pages):
    """Only the French pages (the source of every translation)."""
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


def source_page(page):
    """The French page that ``page`` translates (``page`` itself when it is French)."""
    if not page.is_translation:
        return page
    source = in_site_language(page.get_translations().live()).first()
    return source.specific if source is not None else page


# What lists show of each kind of page, fetched with its translations.
_LIST_RELATIONS = {RecommendationPage: ("recommendation__axis",), AxisPage: ("axis",)}


def localized(pages, language=None):
    """Each French page of ``pages`` replaced by its live translation in ``language`` (the
    visitor's by default) where there is one: lists in English show the English pages and
    the French ones not translated yet (one query)."""
    pages = list(pages)
    language = language or translation.get_language()
    if language == settings.LANGUAGE_CODE or not pages:
        return pages
    model = type(pages[0])
    translations = {
        page.translation_key: page
        for page in model.objects.live()
        .filter(
            locale__language_code=language,
            translation_key__in=[page.translation_key for page in pages],
        )
        .select_related(*_LIST_RELATIONS.get(model, ()))
    }
    return [translations.get(page.translation_key, page) for page in pages]


def live_recommendation_pages():
    return RecommendationPage.objects.live().select_related("recommendation__axis")


def live_recommendation_page(number):
    """The live page of recommendation ``number`` in the visitor's language, else in French
    (404 when it has none)."""
    pages = {
        page.locale.language_code: page
        for page in live_recommendation_pages()
        .filter(recommendation__number=number)
        .select_related("locale")
    }
    page = pages.get(translation.get_language()) or pages.get(settings.LANGUAGE_CODE)
    if page is None:
        raise Http404
    return page


def axis_pages_with_recommendations(index_page):
    """The axis pages under ``index_page``, each with its live recommendation pages attached
    (in the index's language where translated)."""
    language = index_page.language
    index_page = source_page(index_page)
    axis_pages = localized(
        AxisPage.objects.live()
        .child_of(index_page)
        .select_related("axis")
        .order_by("axis__number"),
        language,
    )
    by_axis = {page.axis_id: page for page in axis_pages}
    for page in axis_pages:
        page.recommendation_pages = []
    recommendation_pages = localized(
        live_recommendation_pages()
        .descendant_of(index_page)
        .filter(depth=index_page.depth + 2)
        .order_by("recommendation__number"),
        language,
    )
    for page in recommendation_pages:
        parent = by_axis.get(page.recommendation.axis_id)
        if parent is not None:
            parent.recommendation_pages.append(page)
    return axis_pages


def recommendation_pages_of_axis(axis_page):
    return localized(
        live_recommendation_pages()
        .child_of(source_page(axis_page))
        .order_by("recommendation__number"),
        axis_page.language,
    )


def recommendation_with_details(recommendation_id):
    return (
        Recommendation.objects.select_related("axis")
        .prefetch_related("lead_institutions")
        .get(pk=recommendation_id)
    )


def live_consultations():
    """The consultations (their French pages, which hold the comments)."""
    return in_site_language(ConsultationPage.objects.live()).order_by("-opens_at", "pk")


def consultations_of_recommendation(recommendation):
    """The recommendation's live consultations, grouped by status (open, upcoming, closed)."""
    return _group_by_status(live_consultations().filter(recommendations=recommendation))


def _group_by_status(consultations):
    groups = {status.value: [] for status in ConsultationStatus}
    for consultation in consultations:
        groups[consultation.status.value].append(consultation)
    return groups


def consultations_by_status(index_page, page_number=None, language=None):
    """The index's open and upcoming consultations, and one page of the closed ones, in the
    index's ``language`` where translated."""
    language = language or index_page.language
    source = index_page if language == settings.LANGUAGE_CODE else source_page(index_page)
    consultations = live_consultations().child_of(source)
    closed = Paginator(
        consultations.with_status(ConsultationStatus.CLOSED).order_by("-closes_at", "pk"),
        CLOSED_CONSULTATIONS_PER_PAGE,
    ).get_page(page_number)
    closed.object_list = localized(closed.object_list, language)
    return {
        "open_consultations": localized(
            consultations.with_status(ConsultationStatus.OPEN).order_by("closes_at", "pk"),
            language,
        ),
        "upcoming_consultations": localized(
            consultations.with_status(ConsultationStatus.UPCOMING).order_by("opens_at", "pk"),
            language,
        ),
        "closed_consultations": closed,
    }


def consultation_details(consultation):
    """What a consultation page shows besides its threads; a closed one adds its synthesis
    (each official answer with the contributions it answers) and its participation figures.

    A translation shows its source's conversation: the source's questions (worded as the
    translation words them), official answers and figures, whose contributions it shows."""
    from cms.comments.selectors import participation

    conversation = consultation.conversation_page
    questions = consultation.conversation_questions()
    closed = conversation.is_closed
    return {
        "questions": questions,
        "documents": list(consultation.documents.select_related("document")),
        "recommendations": list(consultation.recommendations.select_related("axis")),
        "synthesis_answers": list(
            conversation.synthesis_answers.prefetch_related(
                Prefetch(
                    "contributions",
                    queryset=Comment.objects.filter(state=CommentState.PUBLISHED)
                    .with_author_label()
                    .order_by("created_at", "id"),
                )
            )
        )
        if closed
        else [],
        "participation": participation(conversation, questions) if closed else None,
        # The official answers are written in the source's language.
        "synthesis_language": settings.LANGUAGE_CODE if conversation.pk != consultation.pk else "",
    }


def home_sections(home_page):
    """What the home page shows: the four axes, open consultations and the latest progress."""
    language = home_page.language
    axis_pages = localized(
        AxisPage.objects.live()
        .descendant_of(source_page(home_page))
        .select_related("axis")
        .order_by("axis__number"),
        language,
    )
    open_consultations = (
        live_consultations().with_status(ConsultationStatus.OPEN).order_by("closes_at", "pk")
    )
    latest_pages = localized(
        in_site_language(live_recommendation_pages()).order_by(
            F("recommendation__last_published_at").desc(nulls_last=True),
            "-recommendation__progress",
            "recommendation__number",
        )[:HOME_LATEST_PROGRESS],
        language,
    )
    latest_progress = []
    for page in latest_pages:
        page.recommendation.page = page
        latest_progress.append(page.recommendation)
    return {
        "axis_pages": axis_pages,
        "open_consultations": localized(open_consultations[:HOME_CONSULTATIONS], language),
        "latest_progress": latest_progress,
    }


def site_map_tree():
    """Live public pages as nested ``{"page", "children"}`` nodes, home at the root (1 query)."""
    from wagtail.models import Page

    pages = public_pages(Page.objects.live()).filter(depth__gte=2).order_by("path")
    roots, stack = [], []
    for page in pages.only("title", "url_path", "path", "depth"):
        node = {"page": page, "children": []}
        while stack and not page.path.startswith(stack[-1]["page"].path):
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots
