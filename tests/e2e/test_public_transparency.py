"""What the public reads about progress and the pipeline: a recommendation's history of
published updates and the pipeline statistics render, and pass axe."""

import re

from tests.e2e.conftest import assert_accessible


def test_a_recommendation_history_lists_its_updates_and_passes_axe(page, demo_server):
    page.goto(f"{demo_server}/avancement/")
    histories = page.locator("main a[href$='/historique/']")
    assert histories.count() == 18
    numbers = page.eval_on_selector_all(
        "main article[id^='recommandation-']:has(p:not(:has-text('Aucun point publié')))",
        "articles => articles.map(a => a.id.split('-')[1])",
    )
    number = numbers[0] if numbers else "1"
    page.click(f"main a[href='/avancement/{number}/historique/']")
    page.wait_for_url(re.compile(rf"/avancement/{number}/historique/$"))
    assert page.locator("h1").count() == 1
    assert page.locator("main .site-timeline__item").count() >= 1
    assert page.locator("main a[href$='/integrite.json']").count() == 1
    page.screenshot(path="/tmp/transparency-history.png", full_page=True)
    assert_accessible(page)


def test_pipeline_statistics_render_with_tables_and_pass_axe(page, demo_server):
    response = page.goto(f"{demo_server}/dossiers/statistiques/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("main table caption").count() >= 6
    assert page.locator("main script").count() == 0
    page.screenshot(path="/tmp/transparency-statistics.png", full_page=True)
    assert_accessible(page)
