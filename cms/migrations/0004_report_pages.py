"""Create the report's pages, so every installation (production included) has them after migrate.

Under the home page: the recommendations index (``/recommandations/``) with one page per axis and
one page per recommendation of the reference data, and the consultations index
(``/consultations/``). Historical models do not carry treebeard's API: paths are computed here.
"""

from django.db import migrations
from django.utils import timezone

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _segment(number):
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


class PageTree:
    def __init__(self, apps):
        self.page_model = apps.get_model("wagtailcore", "Page")
        self.content_type_model = apps.get_model("contenttypes", "ContentType")
        self.now = timezone.now()

    def add_child(self, parent, model, slug, title, **fields):
        """Create a live page of ``model`` as the last child of ``parent``."""
        existing = model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        if existing.filter(slug=slug).exists():
            return existing.get(slug=slug)
        last = (
            self.page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .first()
        )
        position = int(last.path[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
        content_type, _created = self.content_type_model.objects.get_or_create(
            app_label="cms", model=model._meta.model_name
        )
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=parent.path + _segment(position),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=self.now,
            last_published_at=self.now,
            **fields,
        )
        self.page_model.objects.filter(pk=parent.pk).update(
            numchild=self.page_model.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).count()
        )
        parent.numchild += 1
        return page


def create_report_pages(apps, schema_editor):
    home_model = apps.get_model("cms", "HomePage")
    home = home_model.objects.filter(depth=2).first()
    if home is None:
        return
    tree = PageTree(apps)
    recommendation_index = tree.add_child(
        home,
        apps.get_model("cms", "RecommendationIndexPage"),
        "recommandations",
        "Les 18 recommandations",
        intro=(
            "En juin 2020, le Conseil national du numérique a remis au Gouvernement 18 "
            "recommandations pour la transformation numérique du système de santé, en quatre axes."
        ),
        search_description=(
            "Les 18 recommandations du CNNum pour le numérique en santé, par axe, avec leur état "
            "d'avancement."
        ),
    )
    tree.add_child(
        home,
        apps.get_model("cms", "ConsultationIndexPage"),
        "consultations",
        "Consultations publiques",
        intro=(
            "Donnez votre avis sur la mise en œuvre des recommandations : chaque consultation "
            "s'ouvre et se ferme à ses dates, puis le ministère publie une réponse par thème."
        ),
        search_description="Les consultations publiques ouvertes, à venir et closes.",
    )
    axis_page_model = apps.get_model("cms", "AxisPage")
    recommendation_page_model = apps.get_model("cms", "RecommendationPage")
    axes = apps.get_model("governance", "Axis").objects.order_by("number")
    recommendations = apps.get_model("governance", "Recommendation").objects.order_by("number")
    for axis in axes:
        axis_page = tree.add_child(
            recommendation_index,
            axis_page_model,
            f"axe-{axis.number}",
            f"Axe {axis.number} : {axis.title}",
            axis=axis,
        )
        for recommendation in recommendations.filter(axis=axis):
            tree.add_child(
                axis_page,
                recommendation_page_model,
                f"recommandation-{recommendation.number}",
                f"Recommandation {recommendation.number} : {recommendation.title}",
                recommendation=recommendation,
                body=[],
                search_description=recommendation.summary[:300],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_pages"),
        ("governance", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create_report_pages, migrations.RunPython.noop)]
