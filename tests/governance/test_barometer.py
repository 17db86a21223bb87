"""The public barometer /avancement/: all 18 by axis, charts without scripts, constant queries."""

import datetime
import html
import io
import re

import pytest
from django.core.management import call_command

from governance.views import barometer
from tests.factories import recommendation
from tests.governance.factories import (
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    grow_tracking,
    published_update,
)

pytestmark = pytest.mark.django_db


def test_barometer_lists_the_18_by_axis_for_anonymous_visitors(client):
    response = client.get("/avancement/")
    assert response.status_code == 200
    page = response.content.decode()
    for number in range(1, 19):
        assert f'id="recommandation-{number}"' in page
    for axis in range(1, 5):
        assert f'id="axe-{axis}"' in page
    assert page.count("<h1") == 1


def test_barometer_shows_published_status_progress_and_rating_only(client):
    published_update(progress=35, rag="amber", rag_reason="Décret en attente de signature")
    ProgressUpdateFactory(progress=80, rag="red", rag_reason="Brouillon interne")
    page = client.get("/avancement/").content.decode()
    assert 'value="35"' in page
    assert "Décret en attente de signature" in page
    assert 'value="80"' not in page
    assert "Brouillon interne" not in page


def test_indicator_chart_is_an_svg_without_scripts_and_has_a_table(client):
    value = IndicatorValueFactory(value=27)
    published_update()
    page = client.get("/avancement/").content.decode()
    assert "<svg" in page
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all("nonce=" in tag or "src=" in tag for tag in scripts)
    assert value.indicator.name in page
    assert "<caption>" in page
    assert "27 %" in page


def _chart(indicator):
    return re.search(r"<svg.*?</svg>", barometer.indicator_chart(indicator), re.S).group(0)


def test_a_chart_is_drawn_once_per_state_of_its_data(monkeypatch):
    value = IndicatorValueFactory(value=27)
    indicator = value.indicator
    first = _chart(indicator)
    drawn = []
    monkeypatch.setattr(barometer, "static_svg", lambda chart: drawn.append(chart) or "")
    assert barometer.indicator_chart(indicator) == first  # same data: not drawn again
    assert drawn == []
    IndicatorValueFactory(indicator=indicator, value=63.5, date=value.date + datetime.timedelta(1))
    monkeypatch.undo()
    redrawn = _chart(indicator)
    assert ": 63.5</desc>" not in first
    assert ": 63.5</desc>" in redrawn


def test_milestone_timeline_marks_late_and_reached(client):
    MilestoneFactory(title="Décret publié", planned_date=datetime.date(2021, 1, 1))
    MilestoneFactory(
        title="Catalogue ouvert",
        planned_date=datetime.date(2022, 6, 1),
        actual_date=datetime.date(2022, 11, 15),
    )
    MilestoneFactory(title="Jalon non publié")
    published_update()
    MilestoneFactory(title="Brouillon de jalon", planned_date=datetime.date(2020, 1, 1))
    page = client.get("/avancement/").content.decode()
    assert "Décret publié" in page
    assert "site-timeline__item--late" in page
    assert "site-timeline__item--done" in page
    assert "Brouillon de jalon" not in page


def _grow(size):
    for number in (3, 10, 15):
        grow_tracking(recommendation(number), size, values_per_indicator=size // 5)


@pytest.mark.parametrize("size", [5, 50])
def test_barometer_query_count_is_constant(client, django_assert_max_num_queries, size):
    _grow(size)
    call_command("count_linked_dossiers", stdout=io.StringIO())
    # 7: the figures other apps link to each recommendation (the kept counts of innovation
    # dossiers, workflows.linked_counts) add one.
    with django_assert_max_num_queries(7):
        assert client.get("/avancement/").status_code == 200


def _entry(client, number):
    from django.core.cache import cache

    cache.clear()  # a first visit: the public page cache emptied, the process's entries kept
    page = client.get("/avancement/").content.decode()
    return page[page.index(f'id="recommandation-{number}"') :].split("</article>")[0]


def test_an_entry_is_drawn_once_per_state_of_what_it_shows(client):
    from governance.models import IndicatorValue, Milestone, Recommendation
    from governance.templatetags.barometer import BAROMETER_ENTRIES

    BAROMETER_ENTRIES.clear()
    grow_tracking(recommendation(10), 10, values_per_indicator=2)
    first = _entry(client, 10)
    assert "Jalon 0" in first
    assert len(BAROMETER_ENTRIES._items) == 18
    assert _entry(client, 10) == first
    assert len(BAROMETER_ENTRIES._items) == 18  # nothing drawn again

    Milestone.objects.filter(recommendation__number=10, title="Jalon 0").update(title="Décret")
    assert "Décret" in _entry(client, 10)
    Recommendation.objects.filter(number=10).update(progress=77)
    assert "Avancement : 77 %" in html.unescape(_entry(client, 10))
    value = IndicatorValue.objects.filter(indicator__recommendation__number=10).first()
    IndicatorValue.objects.filter(pk=value.pk).update(value=4321)
    assert "4321" in _entry(client, 10).replace("\u202f", "").replace(" ", "")
    assert len(BAROMETER_ENTRIES._items) == 21
