"""Loading of the reference data every installation needs (see fixtures/README.md)."""

import json
from pathlib import Path

from django.conf import settings

REFERENCE_FILE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "reference.json"


def load_reference_data(apps):
    """Create the axes, recommendations, regions, hubs and institutions that are missing.

    Existing rows are left as they are, so editorial corrections survive later migrations.
    """
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    axis_model = apps.get_model("governance", "Axis")
    recommendation_model = apps.get_model("governance", "Recommendation")
    region_model = apps.get_model("governance", "Region")
    hub_model = apps.get_model("governance", "RegionalHub")
    institution_model = apps.get_model("governance", "Institution")

    institutions = {}
    for row in data["institutions"]:
        institution, _ = institution_model.objects.get_or_create(
            acronym=row["acronym"], defaults={"name": row["name"], "kind": row["kind"]}
        )
        institutions[row["acronym"]] = institution

    for row in data["regions"]:
        region, _ = region_model.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )
        institution_model.objects.get_or_create(
            name=row["ars"], defaults={"acronym": row["ars"], "kind": "ars", "region": region}
        )
        hub_model.objects.get_or_create(region=region, defaults={"name": row["hub"]})

    axes = {}
    for row in data["axes"]:
        axes[row["number"]], _ = axis_model.objects.get_or_create(
            number=row["number"], defaults={"title": row["title"]}
        )

    for row in data["recommendations"]:
        recommendation, created = recommendation_model.objects.get_or_create(
            number=row["number"],
            defaults={"axis": axes[row["axis"]], "title": row["title"], "summary": row["summary"]},
        )
        if created:
            recommendation.lead_institutions.set(
                institutions[a] for a in row["lead"] if a in institutions
            )
            recommendation.contributing_institutions.set(
                institutions[a] for a in row["contributing"] if a in institutions
            )
