"""CMS factories: consultations under the consultations index created by migration."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms import demo_english
from cms.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
    RecommendationPage,
    SynthesisAnswer,
)


def consultation_index():
    """The French index (an English translation of it may exist too)."""
    return ConsultationIndexPage.objects.get(locale__language_code="fr")


def consultation(
    status="open",
    title="Consultation",
    now=None,
    recommendations=(),
    questions=("Qu'en pensez-vous ?",),
    answers=(),
    **fields,
):
    """A live consultation whose dates give it ``status`` (upcoming, open, closed) at ``now``."""
    now = now or timezone.now()
    dates = {
        "upcoming": (now + timedelta(days=5), now + timedelta(days=35)),
        "open": (now - timedelta(days=5), now + timedelta(days=25)),
        "closed": (now - timedelta(days=40), now - timedelta(days=10)),
    }[status]
    fields.setdefault("opens_at", dates[0])
    fields.setdefault("closes_at", dates[1])
    fields.setdefault("intro", f"À propos de {title}.")
    page = ConsultationPage(
        title=title,
        questions=[ConsultationQuestion(text=text) for text in questions],
        synthesis_answers=[SynthesisAnswer(**answer) for answer in answers],
        **fields,
    )
    consultation_index().add_child(instance=page)
    if recommendations:
        page.recommendations.set(recommendations)
        page.save()
    return page


def recommendation_page(number):
    return RecommendationPage.objects.select_related("recommendation__axis").get(
        recommendation__number=number
    )


def translate(page, **texts):
    """``page``'s English translation, made and published as an editor would (``texts``: the
    translated fields)."""
    english = Locale.objects.get(language_code="en")
    demo_english.translate_page(page, texts, english)
    return page.get_translation(english).specific
