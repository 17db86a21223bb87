"""Load the default stage deadlines of each pathway (editable afterwards).

Forfait innovation: HAS opinion within 75 days; PECAN: HAS opinion 60 days, ministry decree 30
days; Article 51: committee opinion within 3 months; other stages use configurable defaults.
"""

from django.db import migrations

DEFAULTS = {"submitted": 15, "hub_review": 30, "has_review": 60, "awaiting_decision": 60}
OVERRIDES = {
    "forfait-innovation": {"has_review": 75},
    "pecan": {"has_review": 60, "awaiting_decision": 30},
    "article-51": {"has_review": 90},
}
PATHWAYS = ["has-early-dialogue", "forfait-innovation", "pecan", "article-51", "mon-espace-sante"]


def load(apps, schema_editor):
    StageDeadline = apps.get_model("workflows", "StageDeadline")
    for pathway in PATHWAYS:
        for stage, days in DEFAULTS.items():
            StageDeadline.objects.get_or_create(
                pathway=pathway,
                stage=stage,
                defaults={"days": OVERRIDES.get(pathway, {}).get(stage, days)},
            )


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
