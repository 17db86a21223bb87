from django import template
from django.utils import translation

from governance.fragments import Fragments, field_values

register = template.Library()

# The barometer's entries, a few versions of each in each language.
BAROMETER_ENTRIES = Fragments(256)
ENTRY_TEMPLATE = "governance/includes/barometer_entry.html"


def _shown(recommendation):
    """Every value an entry is drawn from: the recommendation and its lead institutions, each
    indicator with its values and chart, each milestone and whether it is late today, and the
    figures other apps link to it."""
    return (
        field_values(recommendation, *recommendation.lead_institutions.all()),
        tuple(
            (field_values(item["indicator"], *item["indicator"].values.all()), item["chart"])
            for item in recommendation.indicator_list
        ),
        tuple(
            (field_values(item["milestone"]), item["late"])
            for item in recommendation.milestone_list
        ),
        tuple((shown.template, shown.value) for shown in recommendation.linked_work),
    )


@register.simple_tag(takes_context=True)
def barometer_entry(context, recommendation):
    """One recommendation's entry, remembered in this process under what it shows
    (``BAROMETER_ENTRIES``): the same for every reader."""
    entry = context.template.engine.get_template(ENTRY_TEMPLATE)

    def render():
        with context.push(recommendation=recommendation):
            return entry.render(context)

    key = (translation.get_language(), _shown(recommendation))
    return BAROMETER_ENTRIES.get_or_render(key, render)
