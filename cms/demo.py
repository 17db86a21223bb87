"""Demo content: bodies on a few recommendation pages, and three consultations (open, closed with
its synthesis, upcoming). Idempotent: pages are found by slug and filled only once."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms import demo_english
from cms.comments.demo import seed_closed_contributions, seed_comments
from cms.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
    OfficialAnswer,
    RecommendationPage,
    SynthesisAnswer,
)
from governance.models import Recommendation

BODIES = {
    8: [
        (
            "paragraph",
            "<p>Les entrepreneurs du numérique en santé peinent à savoir, tôt, quelles preuves "
            "la Haute Autorité de santé attendra d'eux. Le rapport propose de confier "
            "<b>statutairement</b> à la HAS une mission de conseil, en amont de toute "
            "évaluation.</p>",
        ),
        (
            "callout",
            {
                "title": "Ce que cela change",
                "text": "Un dialogue précoce avec la HAS, avant les essais, pour construire "
                "les bonnes études dès le départ.",
            },
        ),
        (
            "key_figures",
            {
                "title": "Repères",
                "figures": [
                    {"value": "18", "label": "recommandations dans le rapport"},
                    {"value": "2020", "label": "année de remise du rapport"},
                ],
            },
        ),
        (
            "accordion",
            {
                "items": [
                    {
                        "title": "Qui est concerné ?",
                        "body": "<p>Les start-up et PME qui développent des dispositifs "
                        "médicaux numériques ou des services de télésurveillance.</p>",
                    },
                    {
                        "title": "Quelles étapes ?",
                        "body": "<p>Un guichet unique, des rendez-vous de conseil, puis "
                        "l'évaluation habituelle.</p>",
                    },
                ]
            },
        ),
    ],
    11: [
        (
            "paragraph",
            "<p>L'espace numérique de santé (ENS) et le bouquet de services professionnels "
            "(BSP) doivent être ouverts à tous, avec un cadre clair de référencement.</p>",
        ),
        (
            "quote",
            {
                "text": "Généraliser rapidement, mais de manière encadrée.",
                "author": "Conseil national du numérique",
                "source": "Rapport de juin 2020",
            },
        ),
    ],
    1: [
        (
            "paragraph",
            "<p>Clarifier le rôle de chaque institution et séparer le pilotage stratégique du "
            "pilotage opérationnel.</p>",
        ),
    ],
}


def _consultations(now):
    return [
        {
            "slug": "espace-numerique-de-sante-services",
            "title": "Espace numérique de santé : quels services pour les citoyens ?",
            "intro": "Quels services voulez-vous trouver dans votre espace numérique de santé, "
            "et à quelles conditions ?",
            "opens_at": now - timedelta(days=10),
            "closes_at": now + timedelta(days=30),
            "recommendations": [11, 13],
            "questions": [
                (
                    "Quels services utiliseriez-vous en priorité ?",
                    "Par exemple : vos comptes rendus, vos ordonnances, une messagerie avec vos "
                    "soignants, un agenda de vaccination.",
                ),
                (
                    "Quelles garanties attendez-vous sur l'accès à vos données ?",
                    "Qui peut les lire, comment le savoir, comment s'y opposer.",
                ),
            ],
        },
        {
            "slug": "conseil-has-aux-entrepreneurs",
            "title": "Une mission de conseil de la HAS aux entrepreneurs",
            "intro": "Comment la Haute Autorité de santé peut-elle conseiller tôt les "
            "entrepreneurs du numérique en santé ?",
            "opens_at": now - timedelta(days=70),
            "closes_at": now - timedelta(days=10),
            "recommendations": [8],
            "questions": [
                "À quel moment un conseil de la HAS vous serait-il le plus utile ?",
                "Sous quelle forme ce conseil devrait-il être rendu ?",
            ],
            "synthesis_intro": "La consultation a réuni des entrepreneurs, des soignants et des "
            "associations de patients. Voici les réponses du ministère, thème par thème.",
            "answers": [
                (
                    "Un guichet unique d'orientation",
                    OfficialAnswer.TAKEN_INTO_ACCOUNT,
                    "Le guichet G_NIUS oriente désormais les porteurs de projets vers la HAS.",
                ),
                (
                    "Un conseil gratuit pour les start-up",
                    OfficialAnswer.TAKEN_INTO_ACCOUNT,
                    "Les premiers rendez-vous de dialogue précoce sont gratuits.",
                ),
                (
                    "Un avis contraignant de la HAS",
                    OfficialAnswer.NOT_RETAINED,
                    "Le conseil reste distinct de l'évaluation, pour préserver "
                    "l'indépendance de la HAS.",
                ),
            ],
        },
        {
            "slug": "formation-des-professionnels",
            "title": "Former les professionnels de santé au numérique",
            "intro": "Quels parcours de formation, initiale et continue, pour les "
            "professionnels de santé ?",
            "opens_at": now + timedelta(days=15),
            "closes_at": now + timedelta(days=60),
            "recommendations": [15, 16, 17],
            "questions": ["Quelles compétences numériques manquent le plus dans votre métier ?"],
        },
    ]


def _publisher():
    return get_user_model().objects.filter(username="admin").first()


def _seed_bodies(user):
    filled = 0
    for number, body in BODIES.items():
        page = RecommendationPage.objects.get(
            recommendation__number=number, locale__language_code=settings.LANGUAGE_CODE
        )
        if page.body:
            continue
        page.body = body
        page.save_revision(user=user).publish(user=user)
        filled += 1
    return filled


def _question(question):
    """A question as ``(text, details)``; a bare text has no details."""
    return (question, "") if isinstance(question, str) else question


def _seed_consultation(index, data, user):
    if ConsultationPage.objects.filter(slug=data["slug"]).exists():
        return False
    page = ConsultationPage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        synthesis_intro=data.get("synthesis_intro", ""),
        questions=[
            ConsultationQuestion(text=text, details=details)
            for text, details in map(_question, data["questions"])
        ],
        synthesis_answers=[
            SynthesisAnswer(theme=theme, answer=answer, reason=reason)
            for theme, answer, reason in data.get("answers", [])
        ],
        body=[
            (
                "paragraph",
                "<p>Cette consultation porte sur la mise en œuvre des recommandations du "
                "Conseil national du numérique. Chaque contribution est lue.</p>",
            )
        ],
        live=False,
    )
    index.add_child(instance=page)
    page.recommendations.set(Recommendation.objects.filter(number__in=data["recommendations"]))
    page.save_revision(user=user).publish(user=user)
    return True


def seed(stdout):
    user = _publisher()
    filled = _seed_bodies(user)
    index = ConsultationIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    created = sum(_seed_consultation(index, data, user) for data in _consultations(timezone.now()))
    stdout.write(f"  {filled} recommendation bodies, {created} consultations")
    seed_comments(stdout)
    seed_closed_contributions(stdout, user)
    translated = demo_english.seed(user)
    stdout.write(f"  {translated} pages translated into English")
