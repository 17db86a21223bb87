"""Demo users (password ``demo``), with confirmed email addresses and their roles."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import Indicator, IndicatorValue, Milestone, ProgressUpdate, Recommendation
from governance.roles import Role, ars_group_name, hub_group_name
from governance.services import publish_update

DEMO_PASSWORD = "demo"  # noqa: S105 (demo only: seed_demo refuses to run with DEBUG off)

# username: (first name, last name, groups)
DEMO_USERS = {
    "entrepreneur": ("Camille", "Martin", [Role.ENTREPRENEUR]),
    "entrepreneur2": ("Karim", "Benali", [Role.ENTREPRENEUR]),
    "hub-idf": ("Sophie", "Lambert", [hub_group_name("ile-de-france")]),
    "hub-occ": ("Julien", "Roux", [hub_group_name("occitanie")]),
    "has-adviser": ("Claire", "Fontaine", [Role.HAS_ADVISER]),
    "has-adviser2": ("Lucas", "Bernard", [Role.HAS_ADVISER]),
    "ans-expert": ("Antoine", "Lefèvre", [Role.ANS_EXPERT]),
    "ars-idf": ("Manon", "Chevalier", [ars_group_name("ile-de-france")]),
    "decideur": ("Marc", "Dubois", [Role.DECISION_MAKER]),
    "ministere": ("Élise", "Moreau", [Role.MINISTRY]),
    "ministere2": ("Thomas", "Girard", [Role.MINISTRY]),
    "moderateur": ("Nadia", "Haddad", [Role.MODERATOR]),
    "editeur": ("Paul", "Mercier", [Role.EDITOR]),
    "citoyen": ("Léa", "Petit", []),
    "citoyen2": ("Hugo", "Leroy", []),
    "citoyen3": ("Inès", "Garnier", []),
    "citoyen4": ("Louis", "Faure", []),
}


def demo_user(username, first_name="", last_name="", groups=(), superuser=False):
    """Get or create a demo user who can sign in at once (email confirmed, no MFA)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.sante.gouv.fr",
            "first_name": first_name,
            "last_name": last_name,
            # The name shown on comments: first name and initial, as people often choose.
            "public_name": f"{first_name} {last_name[:1]}.".strip() if last_name else first_name,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def seed(stdout):
    for username, (first_name, last_name, groups) in DEMO_USERS.items():
        demo_user(username, first_name, last_name, groups)
    demo_user("admin", "Admin", "Démo", superuser=True)
    stdout.write(f"  {len(DEMO_USERS) + 1} users")
    seed_progress(stdout)


# Progress tracking -----------------------------------------------------------------------------
# What happened after the report (Mon espace santé, its catalogue, the 28-hour training core,
# PIX+ Pro Santé, G_NIUS) as published updates; indicator values are illustrative.

DEMO_SOURCE = "Données de démonstration"


def _day(text):
    return datetime.date.fromisoformat(text)


# number: [(publication date, status, progress, rag, rag reason, comment, evidence url)]
PROGRESS_HISTORY = {
    1: [
        (
            "2021-06-15",
            "in_progress",
            30,
            "green",
            "",
            "La Délégation au numérique en santé pilote la feuille de route ; comité installé.",
            "",
        ),
        (
            "2026-10-05",
            "partially_implemented",
            60,
            "amber",
            "Répartition des rôles entre ARS et GRADeS encore à préciser.",
            "Feuille de route du numérique en santé 2023-2027 publiée en mai 2023.",
            "https://esante.gouv.fr/",
        ),
    ],
    2: [
        (
            "2026-09-20",
            "in_progress",
            25,
            "amber",
            "Pas encore de financement pérenne de la prévention numérique.",
            "Les expérimentations de l'article 51 sont prolongées.",
            "",
        )
    ],
    3: [
        (
            "2022-01-10",
            "in_progress",
            40,
            "green",
            "",
            "Doctrine du numérique en santé et référentiels d'interopérabilité publiés.",
            "",
        ),
        (
            "2026-10-20",
            "partially_implemented",
            65,
            "green",
            "Référentiels opposables publiés dans les délais.",
            "Les référentiels de sécurité et d'interopérabilité deviennent opposables.",
            "https://esante.gouv.fr/",
        ),
    ],
    4: [
        (
            "2026-02-10",
            "in_progress",
            20,
            "amber",
            "Indicateurs environnementaux non encore définis.",
            "Travaux sur l'éthique et l'écoconception des services lancés.",
            "",
        )
    ],
    5: [
        (
            "2020-05-15",
            "in_progress",
            35,
            "green",
            "",
            "Ouverture de G_NIUS, guichet national de l'innovation en e-santé, en mai 2020.",
            "https://gnius.esante.gouv.fr/",
        ),
        (
            "2026-09-01",
            "in_progress",
            45,
            "amber",
            "La charte des pôles régionaux a pris du retard.",
            "Les pôles régionaux d'accompagnement se structurent autour des GRADeS.",
            "",
        ),
    ],
    6: [
        (
            "2026-03-15",
            "in_progress",
            15,
            "red",
            "Aucun dispositif de participation des usagers n'est encore en place.",
            "Premières consultations d'usagers sur la feuille de route.",
            "",
        )
    ],
    8: [
        (
            "2026-10-01",
            "partially_implemented",
            50,
            "green",
            "Le décret est en cours de rédaction.",
            "Les rencontres précoces HAS sont ouvertes aux entreprises.",
            "https://www.has-sante.fr/",
        )
    ],
    9: [
        (
            "2026-08-20",
            "in_progress",
            35,
            "amber",
            "Délais de réponse des administrations encore longs.",
            "Un point de contact unique est en test avec G_NIUS.",
            "",
        )
    ],
    10: [
        (
            "2022-06-23",
            "in_progress",
            40,
            "green",
            "",
            "Arrêté du 23 juin 2022 : plus de 150 critères de référencement au catalogue.",
            "https://www.legifrance.gouv.fr/",
        ),
        (
            "2022-11-30",
            "partially_implemented",
            70,
            "green",
            "",
            "Le catalogue de services de Mon espace santé est ouvert depuis novembre 2022.",
            "https://www.monespacesante.fr/",
        ),
        (
            "2026-09-15",
            "partially_implemented",
            75,
            "green",
            "Révision des critères annoncée pour 2027.",
            "Le référencement se poursuit ; la révision des critères est programmée.",
            "",
        ),
    ],
    11: [
        (
            "2021-09-01",
            "in_progress",
            60,
            "green",
            "",
            "Pilotes dans trois départements avant la généralisation.",
            "",
        ),
        (
            "2022-02-03",
            "implemented",
            100,
            "green",
            "",
            "Mon espace santé est ouvert à tous depuis le 3 février 2022 (opt-out) : DMP, "
            "messagerie sécurisée, agenda, catalogue.",
            "https://www.monespacesante.fr/",
        ),
    ],
    12: [
        (
            "2026-10-10",
            "in_progress",
            55,
            "amber",
            "L'activation des profils progresse moins vite que prévu.",
            "Campagnes d'information auprès des usagers et des professionnels.",
            "",
        )
    ],
    13: [
        (
            "2022-02-03",
            "partially_implemented",
            60,
            "green",
            "",
            "DMP, messagerie sécurisée et agenda disponibles dans Mon espace santé.",
            "",
        ),
        (
            "2026-09-10",
            "partially_implemented",
            70,
            "green",
            "",
            "Le catalogue enrichit le tableau de bord de services référencés.",
            "",
        ),
    ],
    14: [
        (
            "2026-05-01",
            "not_started",
            5,
            "red",
            "Le cadre juridique du don de données reste à préciser.",
            "Travaux préparatoires avec le Health Data Hub.",
            "",
        )
    ],
    15: [
        (
            "2023-03-15",
            "in_progress",
            40,
            "green",
            "",
            "La certification PIX+ Pro Santé est expérimentée depuis mars 2023.",
            "https://pix.fr/",
        ),
        (
            "2026-10-15",
            "partially_implemented",
            60,
            "amber",
            "La généralisation de la certification est en retard.",
            "La certification s'étend à de nouvelles professions.",
            "",
        ),
    ],
    16: [
        (
            "2022-09-01",
            "partially_implemented",
            50,
            "green",
            "",
            "Un socle commun de 28 heures de formation au numérique en santé est créé en 2022.",
            "",
        ),
        (
            "2024-09-01",
            "implemented",
            100,
            "green",
            "",
            "Le socle est obligatoire dans 12 cursus de santé depuis la rentrée 2024.",
            "",
        ),
    ],
    17: [
        (
            "2026-09-30",
            "in_progress",
            30,
            "amber",
            "Pas encore de label du degré de numéricité.",
            "Des modules de formation continue au numérique en santé sont proposés.",
            "",
        )
    ],
    18: [
        (
            "2026-10-25",
            "in_progress",
            45,
            "green",
            "",
            "Les conseillers numériques accompagnent les usagers de Mon espace santé.",
            "",
        )
    ],
}

# number: [(title, planned, forecast, actual)]
MILESTONES = {
    1: [("Publication de la feuille de route 2023-2027", "2023-03-31", None, "2023-05-01")],
    5: [
        ("Ouverture de G_NIUS", "2020-05-01", None, "2020-05-01"),
        ("Charte des pôles régionaux d'accompagnement", "2026-06-30", None, None),
    ],
    8: [("Décret sur la mission de conseil de la HAS", "2026-12-31", None, None)],
    10: [
        ("Arrêté fixant les critères de référencement", "2022-06-30", None, "2022-06-23"),
        ("Ouverture du catalogue de services", "2022-07-01", None, "2022-11-15"),
        ("Révision des critères de référencement", "2026-06-30", "2027-03-31", None),
    ],
    11: [
        ("Ouverture de Mon espace santé à tous", "2022-01-01", None, "2022-02-03"),
        ("Création des profils pour tous les assurés (opt-out)", "2022-03-31", None, "2022-03-28"),
    ],
    14: [("Cadre juridique du don de données", "2025-12-31", None, None)],
    15: [
        ("Expérimentation de PIX+ Pro Santé", "2023-01-01", None, "2023-03-15"),
        ("Généralisation de la certification", "2026-09-01", None, None),
    ],
    16: [
        ("Socle commun de 28 heures", "2022-09-01", None, "2022-09-01"),
        ("Socle obligatoire dans 12 cursus", "2024-09-01", None, "2024-09-01"),
    ],
}

# number: [(name, unit, (baseline date, value), (target date, value), [(date, value)])]
INDICATORS = {
    10: [
        (
            "Services référencés au catalogue",
            "services",
            ("2022-11-01", 0),
            ("2026-12-31", 150),
            [("2023-06-30", 20), ("2024-06-30", 45), ("2025-06-30", 70), ("2026-06-30", 95)],
        ),
    ],
    11: [
        (
            "Profils Mon espace santé activés",
            "millions",
            ("2022-02-03", 0),
            ("2027-12-31", 30),
            [("2022-12-31", 7), ("2023-12-31", 11), ("2024-12-31", 15), ("2025-12-31", 18)],
        ),
    ],
    15: [
        (
            "Professionnels certifiés PIX+ Pro Santé",
            "personnes",
            ("2023-03-01", 0),
            ("2027-12-31", 50000),
            [("2023-12-31", 2000), ("2024-12-31", 9000), ("2025-12-31", 18000)],
        ),
    ],
    16: [
        (
            "Cursus intégrant le socle de 28 heures",
            "cursus",
            ("2022-01-01", 0),
            ("2024-09-01", 12),
            [("2022-09-01", 4), ("2023-09-01", 8), ("2024-09-01", 12)],
        ),
    ],
    18: [
        (
            "Conseillers numériques formés à Mon espace santé",
            "%",
            ("2022-06-01", 0),
            ("2026-12-31", 80),
            [("2023-06-30", 25), ("2024-06-30", 45), ("2025-06-30", 60)],
        ),
    ],
}

PENDING_DRAFT = {
    "number": 12,
    "status": "in_progress",
    "progress": 60,
    "rag": "amber",
    "rag_reason": "L'activation des profils progresse moins vite que prévu.",
    "comment": "Nouvelle campagne nationale d'information sur Mon espace santé lancée en novembre.",
}


def seed_progress(stdout):
    """Milestones, indicators, a dated public history and one draft for ministere2 to publish."""
    users = get_user_model().objects
    ministere, ministere2 = users.get(username="ministere"), users.get(username="ministere2")
    recommendations = {r.number: r for r in Recommendation.objects.all()}
    for number, rows in MILESTONES.items():
        for title, planned, forecast, actual in rows:
            Milestone.objects.get_or_create(
                recommendation=recommendations[number],
                title=title,
                defaults={
                    "planned_date": _day(planned),
                    "forecast_date": forecast and _day(forecast),
                    "actual_date": actual and _day(actual),
                },
            )
    for number, rows in INDICATORS.items():
        for name, unit, (baseline_date, baseline), (target_date, target), values in rows:
            indicator, _created = Indicator.objects.get_or_create(
                recommendation=recommendations[number],
                name=name,
                defaults={
                    "unit": unit,
                    "baseline_value": baseline,
                    "baseline_date": _day(baseline_date),
                    "target_value": target,
                    "target_date": _day(target_date),
                    "source": DEMO_SOURCE,
                },
            )
            for day, value in values:
                IndicatorValue.objects.get_or_create(
                    indicator=indicator, date=_day(day), defaults={"value": value}
                )
    published = 0
    for number, history in PROGRESS_HISTORY.items():
        recommendation = recommendations[number]
        if recommendation.updates.exists():
            continue
        for day, status, progress, rag, reason, comment, evidence in history:
            when = timezone.make_aware(datetime.datetime.combine(_day(day), datetime.time(10)))
            update = ProgressUpdate.objects.create(
                recommendation=recommendation,
                author=ministere,
                created_at=when - datetime.timedelta(days=2),
                status=status,
                progress=progress,
                rag=rag,
                rag_reason=reason,
                comment=comment,
                evidence_url=evidence,
            )
            publish_update(update, ministere2, now=when)
            published += 1
    draft = dict(PENDING_DRAFT)
    ProgressUpdate.objects.get_or_create(
        recommendation=recommendations[draft.pop("number")],
        author=ministere,
        comment=draft.pop("comment"),
        defaults=draft,
    )
    stdout.write(f"  progress: {published} published updates, 1 draft awaiting validation")
