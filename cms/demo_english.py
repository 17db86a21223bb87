"""Demo content in English: the home page, the recommendations index, the four axis pages, the
18 recommendation pages, the consultations index and the open consultation, translated the way
an editor's translation ends in wagtail-localize (each source string given its translation, then
the translation published). The other consultations and the legal pages stay in French, so the
demo shows the fallback too. Idempotent."""

from django.conf import settings
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms.models import (
    AxisPage,
    ConsultationIndexPage,
    ConsultationPage,
    HomePage,
    RecommendationIndexPage,
    RecommendationPage,
)

HOME = {
    "title": "Digital health",
    "hero_title": "Digital health",
    "hero_text": "The French Digital Council's 18 recommendations for health: read them, give "
    "your opinion and follow how they are put into practice.",
}

INDEX = {
    "title": "The 18 recommendations",
    "intro": "In June 2020 the French Digital Council (CNNum) handed the Government 18 "
    "recommendations for the digital transformation of the health system, in four axes.",
    "search_description": "The CNNum's 18 recommendations for digital health, axis by axis, "
    "with how far each has come.",
}

AXES = {
    1: "Axis 1: Making the case for a French and European drive in digital health",
    2: "Axis 2: Removing what holds innovation back, so digital-health companies find a "
    "business model and a market",
    3: "Axis 3: Putting the digital health space and the professionals' service bundle at the "
    "heart of the health system",
    4: "Axis 4: Building the skills of the national health platforms' users, training and "
    "supporting them",
}

# number: (title, summary)
RECOMMENDATIONS = {
    1: (
        "Strengthen the governance of digital health",
        "Clarify what each institution does, separate strategic from operational steering and "
        "put the patient at the centre of the system.",
    ),
    2: (
        "Move from a care model to a health model",
        "Rethink how the system is funded and let digital tools give prevention its full place.",
    ),
    3: (
        "Build trust in systems through interoperability and security",
        "Require common interoperability and security standards from every digital-health service.",
    ),
    4: (
        "Promote responsible digital health",
        "Make ethics, digital inclusion and environmental restraint requirements of every "
        "digital-health service.",
    ),
    5: (
        "Organise innovation support closer to the regions",
        "Support entrepreneurs close to where they work, around regional innovation hubs.",
    ),
    6: (
        "Involve citizens and health professionals in innovation",
        "Bring patients and carers into the design, evaluation and roll-out of innovations.",
    ),
    7: (
        "Build bridges between industry and research, keeping research independent",
        "Make it easier for companies and research teams to work together without weakening "
        "the independence of research.",
    ),
    8: (
        "Give the HAS a statutory mission to advise entrepreneurs",
        "Task the French National Authority for Health (HAS) with advising entrepreneurs "
        "before any evaluation begins.",
    ),
    9: (
        "Ease the dealings of entrepreneurs, professionals and citizens with public "
        "decision-makers",
        "Give project leaders a named contact and known timelines when they deal with the "
        "administration.",
    ),
    10: (
        "Set the rules for listing apps and services in the ENS and the BSP",
        "Publish the criteria a service must meet to be offered in the digital health space and "
        "in the professionals' service bundle.",
    ),
    11: (
        "Roll out the ENS and the BSP nationwide, quickly but within a clear framework",
        "Open the digital health space and the service bundle across the country, and support "
        "their roll-out.",
    ),
    12: (
        "Win the support of users and professionals and strengthen their trust",
        "Explain what the services are for, guarantee control over data and measure how much "
        "users and carers trust them.",
    ),
    13: (
        "Make the ENS each citizen's health dashboard, under their own control",
        "Let everyone see and manage their health data from their digital health space.",
    ),
    14: (
        "Let citizens support research by donating anonymised data through the ENS",
        "Offer, through the ENS, to give anonymised data to public-interest research projects.",
    ),
    15: (
        "Create digital-health skills certifications modelled on PIX",
        "Certify health professionals' digital skills, on the model of the PIX certification.",
    ),
    16: (
        "Make digital-health courses compulsory in professionals' initial training",
        "Build a common core of digital-health training into the curricula of future health "
        "professionals.",
    ),
    17: (
        "Encourage continuing training in digital health",
        "Encourage professionals to keep training, notably through a label showing how "
        "digitally equipped a practice is.",
    ),
    18: (
        "Help every citizen use the national platforms",
        "Develop digital mediation so that everyone, including those least at ease with digital "
        "tools, can use the national services.",
    ),
}

# The demo bodies of recommendations 1, 8 and 11 (cms/demo.py), string by string.
BODY_STRINGS = {
    "Clarifier le rôle de chaque institution et séparer le pilotage stratégique du pilotage "
    "opérationnel.": "Clarify the role of each institution and separate strategic steering from "
    "day-to-day operations.",
    "Les entrepreneurs du numérique en santé peinent à savoir, tôt, quelles preuves la Haute "
    "Autorité de santé attendra d'eux. Le rapport propose de confier <b>statutairement</b> à la "
    "HAS une mission de conseil, en amont de toute évaluation.": "Digital-health entrepreneurs "
    "find it hard to know, early enough, what evidence the French National Authority for Health "
    "will expect from them. The report proposes giving the HAS a <b>statutory</b> advisory "
    "mission, ahead of any evaluation.",
    "Ce que cela change": "What this changes",
    "Un dialogue précoce avec la HAS, avant les essais, pour construire les bonnes études dès le "
    "départ.": "An early dialogue with the HAS, before any trial, so that the right studies are "
    "designed from the start.",
    "Repères": "Key facts",
    "recommandations dans le rapport": "recommendations in the report",
    "année de remise du rapport": "year the report was handed over",
    "Qui est concerné ?": "Who is concerned?",
    "Les start-up et PME qui développent des dispositifs médicaux numériques ou des services de "
    "télésurveillance.": "Start-ups and small businesses building digital medical devices or "
    "remote-monitoring services.",
    "Quelles étapes ?": "What are the steps?",
    "Un guichet unique, des rendez-vous de conseil, puis l'évaluation habituelle.": "A single "
    "point of contact, advisory meetings, then the usual evaluation.",
    "L'espace numérique de santé (ENS) et le bouquet de services professionnels (BSP) doivent "
    "être ouverts à tous, avec un cadre clair de référencement.": "The digital health space "
    "(ENS) and the professionals' service bundle (BSP) must be open to everyone, with clear "
    "rules for listing services in them.",
    "Généraliser rapidement, mais de manière encadrée.": "Roll out quickly, but within a clear "
    "framework.",
    "Conseil national du numérique": "French Digital Council",
    "Rapport de juin 2020": "Report of June 2020",
}


CONSULTATIONS = {
    "title": "Public consultations",
    "intro": "Give your opinion on how the recommendations are put into practice: each "
    "consultation opens and closes on its dates, then the ministry publishes an answer per theme.",
    "search_description": "The public consultations: open, upcoming and closed.",
}

# The open demo consultation (cms/demo.py), by field path or source string.
OPEN_CONSULTATION_SLUG = "espace-numerique-de-sante-services"
OPEN_CONSULTATION = {
    "title": "Digital health space: which services for citizens?",
    "intro": "Which services do you want to find in your digital health space, and on what terms?",
    "Quels services utiliseriez-vous en priorité ?": "Which services would you use first?",
    "Par exemple : vos comptes rendus, vos ordonnances, une messagerie avec vos soignants, un "
    "agenda de vaccination.": "For instance: your medical reports, your prescriptions, "
    "messaging with your carers, a vaccination schedule.",
    "Quelles garanties attendez-vous sur l'accès à vos données ?": "What safeguards do you "
    "expect on access to your data?",
    "Qui peut les lire, comment le savoir, comment s'y opposer.": "Who may read them, how to "
    "know it, how to object.",
    "Cette consultation porte sur la mise en œuvre des recommandations du Conseil national du "
    "numérique. Chaque contribution est lue.": "This consultation is about putting the French "
    "Digital Council's recommendations into practice. Every contribution is read.",
}


def translate_page(page, texts, locale, user=None):
    """Translate ``page`` into ``locale`` with wagtail-localize and publish the translation.

    ``texts`` maps a field's path (``title``, ``intro``) or a source string (a question's
    text, a paragraph) to its translation;
    a string left out keeps its source text, as in the editor (figures, slugs).
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = (
            texts.get(segment.context.path)
            or texts.get(segment.string.data)
            or BODY_STRINGS.get(segment.string.data)
        )
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    # What the editor's "Publish in English" does, except that it publishes the revision now
    # rather than when the transaction commits: seed_demo runs in one transaction, and a
    # deferred publication would write back the tree counts of the page as it was here.
    translation.save_target(user=user, publish=False)
    translated = translation.get_target_instance()
    translated.get_latest_revision().publish(user=user)
    # Searchable at once, without waiting for the task worker.
    index.insert_or_update_object(translated.specific)


def _pages_to_translate():
    in_french = {"locale__language_code": settings.LANGUAGE_CODE}
    yield HomePage.objects.get(**in_french), HOME
    yield RecommendationIndexPage.objects.get(**in_french), INDEX
    for page in AxisPage.objects.filter(**in_french).select_related("axis"):
        yield page, {"title": AXES[page.axis.number]}
    pages = RecommendationPage.objects.filter(**in_french).select_related("recommendation")
    for page in pages.order_by("recommendation__number"):
        number = page.recommendation.number
        title, summary = RECOMMENDATIONS[number]
        yield page, {"title": f"Recommendation {number}: {title}", "search_description": summary}
    yield ConsultationIndexPage.objects.get(**in_french), CONSULTATIONS
    consultation = ConsultationPage.objects.filter(slug=OPEN_CONSULTATION_SLUG, **in_french).first()
    if consultation is not None:
        yield consultation, OPEN_CONSULTATION


def seed(user=None):
    """Translate the report's pages into English, once; returns how many were translated."""
    english = Locale.objects.get(language_code="en")
    translated = 0
    for page, texts in _pages_to_translate():
        if page.has_translation(english):
            continue
        translate_page(page, texts, english, user)
        translated += 1
    return translated
