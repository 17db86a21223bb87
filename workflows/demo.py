"""Demo dossiers: two companies and one dossier per procedure at each meaningful stage, moved
there by the demo users through ``perform()`` and ``perform_review()`` so their history is
real. Idempotent: a dossier whose title already exists for its owner is left as it is.
"""

from django.contrib.auth import get_user_model

from governance.models import Recommendation, Region
from workflows import services
from workflows.models import (
    Dossier,
    DossierState,
    Membership,
    Organisation,
    Pathway,
    ProductKind,
    RegulatoryStatus,
)
from workflows.procedures import procedure_of


def _with_luhn_key(first_13_digits):
    for key in range(10):
        candidate = f"{first_13_digits}{key}"
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise ValueError(first_13_digits)


COMPANIES = {
    "entrepreneur": ("CardioLien SAS", _with_luhn_key("8123456780001"), "ile-de-france"),
    "entrepreneur2": ("Occi'Santé Numérique", _with_luhn_key("9012345670001"), "occitanie"),
}

COMMENTS = {
    "request_correction": {"comment": "Merci de préciser la classe du marquage CE et de joindre "
                           "le protocole de l'étude pilote.", "reason": "incomplete"},
    "resubmit": {"comment": "Classe IIa précisée ; protocole joint."},
    "refer_for_review": {"comment": "Dispositif éligible ; avis des organismes experts "
                         "nécessaire."},
    "hand_off": {"comment": "Service de coordination sans revendication clinique : pas d'avis "
                 "d'expert nécessaire."},
    "approve": {"comment": "Prise en charge accordée pour la durée prévue par la procédure."},
    "reject": {"comment": "Les preuves apportées ne permettent pas d'établir un bénéfice."},
    "close": {"comment": "Projet hors du champ de l'appel (pas de dimension numérique)."},
    "withdraw": {"comment": "Projet réorienté."},
    "has:submit": {"opinion": "favourable_with_reservations",
                   "comment": "Bénéfice clinique plausible ; étude comparative à compléter."},
    "has:recommend": {"comment": "Prévoir un essai multicentrique avec un critère principal "
                      "auditif validé ; nous recommandons un comparateur actif."},
    "ans:submit": {"opinion": "compliant",
                   "comment": "Exigences d'interopérabilité et de sécurité respectées."},
    "ans:suspend": {"opinion": "favourable_with_suspensive_reservations",
                    "comment": "Hébergement des données de santé non certifié HDS : à lever "
                    "avant le référencement."},
    "ars:submit": {"opinion": "unfavourable",
                   "comment": "Organisation déjà couverte par l'offre régionale existante."},
}  # fmt: skip

# (owner, title, pathway, recommendations, steps); a step "body:name" is a review transition
# ("body:submit" with the inputs of COMMENTS under that key, or of an alias such as
# "has:recommend" for the written recommendations of an early dialogue).
SCENARIOS = [
    ("entrepreneur", "Carnet de suivi de grossesse", Pathway.MON_ESPACE_SANTE, [3], []),
    ("entrepreneur", "Télésurveillance de l'insuffisance cardiaque", Pathway.PECAN, [5],
     ["submit"]),
    ("entrepreneur", "Rééducation post-AVC en réalité virtuelle", Pathway.FORFAIT_INNOVATION,
     [5, 6], ["submit", "take_charge"]),
    ("entrepreneur", "Détection de la rétinopathie diabétique", Pathway.FORFAIT_INNOVATION, [6],
     ["submit", "take_charge", "request_correction"]),
    ("entrepreneur", "Thérapie numérique de l'insomnie", Pathway.PECAN, [5],
     ["submit", "take_charge", "request_correction", "resubmit", "refer_for_review",
      "ans:accept", "ans:submit", "has:accept"]),
    ("entrepreneur", "Suivi des patients sous chimiothérapie orale", Pathway.FORFAIT_INNOVATION,
     [5], ["submit", "take_charge", "refer_for_review", "has:accept", "has:submit"]),
    ("entrepreneur", "Application d'observance des traitements", Pathway.PECAN, [5, 6],
     ["submit", "take_charge", "refer_for_review", "ans:accept", "ans:submit", "has:accept",
      "has:submit", "approve"]),
    ("entrepreneur", "Orientation des urgences non vitales", Pathway.ARTICLE_51, [7],
     ["submit", "take_charge", "refer_for_review", "ars:accept", "ars:submit", "reject"]),
    ("entrepreneur", "Agenda vaccinal familial", Pathway.MON_ESPACE_SANTE, [3],
     ["submit", "take_charge", "refer_for_review", "ans:accept", "ans:suspend"]),
    ("entrepreneur2", "Coordination ville-hôpital en Occitanie", Pathway.ARTICLE_51, [7],
     ["submit", "take_charge", "refer_for_review"]),
    ("entrepreneur2", "Dialogue précoce : dispositif de dépistage auditif",
     Pathway.HAS_EARLY_DIALOGUE, [6],
     ["submit", "take_charge", "refer_for_review", "has:accept", "has:recommend"]),
    ("entrepreneur2", "Annuaire de l'offre de soins", Pathway.MON_ESPACE_SANTE, [3],
     ["submit", "close"]),
    ("entrepreneur2", "Capteur de chutes à domicile", Pathway.PECAN, [5], ["submit", "withdraw"]),
    ("entrepreneur2", "Plateforme de téléexpertise dermatologique", Pathway.FORFAIT_INNOVATION,
     [6], ["submit", "take_charge", "refer_for_review", "request_correction"]),
    ("entrepreneur", "Suivi nutritionnel des patients dialysés", Pathway.FORFAIT_INNOVATION, [5],
     ["submit", "take_charge"]),
    ("entrepreneur", "Télésuivi des plaies chroniques", Pathway.FORFAIT_INNOVATION, [5],
     ["submit", "take_charge", "refer_for_review", "has:accept"]),
]  # fmt: skip
PRODUCT_KINDS = {
    "Application d'observance des traitements": ProductKind.DIGITAL_THERAPEUTIC,
    "Télésurveillance de l'insuffisance cardiaque": ProductKind.TELEMONITORING,
}
# What the applicant changes before a resubmission, so the filed versions differ.
CORRECTED_FIELDS = {
    "evidence": "Étude pilote monocentrique (120 patients) ; essai randomisé en cours."
}
BODY_USERS = {"has": "has-adviser", "ans": "ans-expert", "ars": "ars-idf"}
REVIEW_STEPS = {"suspend": "submit", "recommend": "submit"}


def _actor(name, dossier, users, owner):
    if name in ("submit", "resubmit", "withdraw"):
        return owner
    if name == "request_correction" and dossier.state == DossierState.EXPERT_REVIEW:
        return users[BODY_USERS[procedure_of(dossier).reviews[0].body.slug]]
    if name in ("approve", "reject", "return_for_review"):
        return users["decideur"]
    return users["hub-idf" if dossier.region.slug == "ile-de-france" else "hub-occ"]


def _review_step(dossier, step, users):
    body, name = step.split(":")
    review = dossier.reviews.select_related("group").get(round=dossier.review_round, body=body)
    services.perform_review(
        review, REVIEW_STEPS.get(name, name), users[BODY_USERS[body]], **COMMENTS.get(step, {})
    )
    return Dossier.objects.select_related("hub__group", "region").get(pk=dossier.pk)


def seed(stdout):
    user_model = get_user_model()
    users = {
        u.username: u
        for u in user_model.objects.filter(
            username__in=[*COMPANIES, "hub-idf", "hub-occ", "decideur", *BODY_USERS.values()]
        )
    }
    for username, (name, siret, region_slug) in COMPANIES.items():
        if not Membership.objects.filter(user=users[username]).exists():
            organisation, _created = Organisation.objects.get_or_create(
                siret=siret, defaults={"name": name, "region": Region.objects.get(slug=region_slug)}
            )
            Membership.objects.create(organisation=organisation, user=users[username], role="owner")
    created = 0
    for username, title, pathway, numbers, steps in SCENARIOS:
        owner = users[username]
        if Dossier.objects.filter(owner=owner, title=title).exists():
            continue
        organisation = services.organisation_of(owner)
        dossier = services.create_dossier(
            owner,
            title=title,
            summary=f"{title} : solution numérique portée par {organisation.name}.",
            product_description="Application mobile et tableau de bord pour les soignants.",
            target_users="Patients, médecins généralistes et spécialistes, infirmiers.",
            evidence="Étude pilote monocentrique ; publication en préparation.",
            regulatory_status=RegulatoryStatus.CE_CLASS_IIA,
            product_kind=PRODUCT_KINDS.get(title, ""),
            pathway=pathway,
            region=organisation.region,
            recommendations=list(Recommendation.objects.filter(number__in=numbers)),
        )
        for step in steps:
            if ":" in step:
                dossier = _review_step(dossier, step, users)
                continue
            actor = _actor(step, dossier, users, owner)
            if step == "resubmit":
                dossier = services.update_dossier(dossier, owner, **CORRECTED_FIELDS)
            dossier = services.perform(dossier, step, actor, **COMMENTS.get(step, {}))
        created += 1
    stdout.write(f"  {created} innovation dossiers")
    seed_enclosed_files(users)


# A private note and a correction request with their enclosed files (PDFs drawn here).
NOTE_WITH_FILE = (
    "Rééducation post-AVC en réalité virtuelle",
    "Relecture de l'étude pilote jointe : effectifs faibles, à discuter avant la qualification.",
    "relecture-etude-pilote.pdf",
)
CORRECTION_FILE = ("Détection de la rétinopathie diabétique", "modele-protocole-etude.pdf")


def _demo_pdf(name, text):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def seed_enclosed_files(users):
    """Once: a hub's note with a PDF, and a PDF enclosed with an open correction request."""
    from governance import uploads
    from workflows import workbench
    from workflows.models import CorrectionRequest, EnclosedFile

    title, body, name = NOTE_WITH_FILE
    noted = Dossier.objects.filter(title=title, owner__username="entrepreneur").first()
    if noted is not None and not noted.notes.exists():
        workbench.add_note(noted, users["hub-idf"], body, [_demo_pdf(name, body[:80])])
    title, name = CORRECTION_FILE
    correction = (
        CorrectionRequest.objects.filter(dossier__title=title, answered_at__isnull=True)
        .select_related("dossier", "requested_by")
        .first()
    )
    if correction is not None and not correction.files.exists():
        EnclosedFile.enclose(
            uploads.check_files([_demo_pdf(name, "Modèle de protocole d'étude pilote")]),
            dossier=correction.dossier,
            uploaded_by=correction.requested_by,
            correction=correction,
        )
