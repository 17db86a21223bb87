"""What the bench adds to the demo data, in-process (Django is set up): accounts that can sign in
at once, fresh submitted dossiers to move, and the objects the cases point at."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group

PASSWORD = "banc-d-essai"
# The servers check whatever iterations the stored hash names: a few keep sign-ins quick.
ITERATIONS = 1000


def accounts(prefix, count, groups=()):
    """``count`` accounts ``<prefix>-NN`` with a confirmed email, in ``groups``; their names."""
    from allauth.account.models import EmailAddress

    hasher = PBKDF2PasswordHasher()
    group_objects = [Group.objects.get(name=name) for name in groups]
    names = []
    for index in range(count):
        username = f"{prefix}-{index:02d}"
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@banc.example.fr"}
        )
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=ITERATIONS)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        user.groups.add(*group_objects)
        names.append(username)
    return names


def submitted_dossiers(count, owner_name="entrepreneur"):
    """``count`` complete dossiers filed and submitted by ``owner_name`` through the services
    (routed to the owner's regional hub as any submission); their ids."""
    from governance.models import Recommendation
    from workflows import services
    from workflows.models import Pathway, RegulatoryStatus

    owner = get_user_model().objects.get(username=owner_name)
    organisation = services.organisation_of(owner)
    recommendation = Recommendation.objects.order_by("number").first()
    ids = []
    for index in range(count):
        dossier = services.create_dossier(
            owner,
            title=f"Banc d'essai n° {index + 1}",
            summary="Dossier créé par le banc d'essai pour mesurer les transitions.",
            product_description="Application mobile et tableau de bord pour les soignants.",
            target_users="Patients, médecins généralistes et spécialistes, infirmiers.",
            evidence="Étude pilote monocentrique ; publication en préparation.",
            regulatory_status=RegulatoryStatus.CE_CLASS_IIA,
            pathway=Pathway.FORFAIT_INNOVATION,
            region=organisation.region,
            recommendations=[recommendation] if recommendation else [],
        )
        ids.append(services.perform(dossier, "submit", owner).pk)
    return ids


def busiest_consultation(status=None):
    """The published consultation with the most comments (the one the generator fills), among
    those of ``status`` if given."""
    from django.db.models import Count

    from cms.models import ConsultationPage

    pages = ConsultationPage.objects.live().annotate(n=Count("comments")).order_by("-n", "pk")
    return next(page for page in pages if status is None or page.status == status)


def recommendation_page_path():
    from cms.models import RecommendationPage

    return RecommendationPage.objects.live().order_by("path").first().url


def rich_dossier_id(username="hub-idf"):
    """A dossier of the demo data that ``username`` sees, with the longest history."""
    from django.db.models import Count

    from workflows.selectors import visible_dossiers

    user = get_user_model().objects.get(username=username)
    dossiers = visible_dossiers(user).filter(title__in=_demo_titles())
    return dossiers.annotate(n=Count("transitions")).order_by("-n", "pk").first().pk


def _demo_titles():
    from workflows.demo import SCENARIOS

    return [title for _owner, title, _pathway, _numbers, _steps in SCENARIOS]
