"""A citizen answers one question of the open consultation; a closed consultation stays readable.

Screenshots land in /tmp/e2e-questions.
"""

from pathlib import Path

from tests.e2e.conftest import assert_accessible

SCREENSHOTS = Path("/tmp/e2e-questions")
OPEN = "/consultations/espace-numerique-de-sante-services/"
CLOSED = "/consultations/conseil-has-aux-entrepreneurs/"
SECOND_QUESTION = "Quelles garanties attendez-vous sur l'accès à vos données ?"


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_citizen_answers_the_second_question_and_finds_the_answer_under_it(
    page, demo_server, sign_in
):
    sign_in("citoyen")
    page.goto(f"{demo_server}{OPEN}")
    assert_accessible(page)
    group = page.locator("section[id^=question-]", has_text=SECOND_QUESTION).first
    group.get_by_label("Votre commentaire").fill("Que chaque accès à mon dossier me soit notifié.")
    with page.expect_navigation():
        group.get_by_role("button", name="Publier mon commentaire").click()
    assert "#commentaire-" in page.url
    group = page.locator("section[id^=question-]", has_text=SECOND_QUESTION).first
    answer = group.locator("li[id^=commentaire-]", has_text="chaque accès à mon dossier")
    assert answer.count() == 1
    message = group.locator(".fr-alert--success")
    assert message.is_visible()
    assert message.bounding_box()["y"] < answer.locator("article").bounding_box()["y"]
    other = page.locator("section[id^=question-]").first
    assert other.locator("li", has_text="chaque accès à mon dossier").count() == 0
    _shot(page, "answer-under-second-question")
    assert_accessible(page)


def test_a_vote_shows_as_pressed_and_the_active_sort_is_visible(page, demo_server, sign_in):
    sign_in("citoyen4")
    page.goto(f"{demo_server}{OPEN}")
    button = page.locator("button.site-vote[aria-pressed]").first
    before = button.evaluate("b => getComputedStyle(b).boxShadow")
    with page.expect_navigation():
        button.click()
    pressed = page.locator("button.site-vote[aria-pressed=true]").first
    assert pressed.evaluate("b => getComputedStyle(b).boxShadow") != before
    sort = page.locator("a.site-sort").nth(1)
    with page.expect_navigation():
        sort.click()
    current = page.locator("a.site-sort[aria-current=true]").first
    plain = page.locator("a.site-sort:not([aria-current])").first
    colour = "a => getComputedStyle(a).backgroundColor"
    assert current.evaluate(colour) != plain.evaluate(colour)
    _shot(page, "vote-pressed-sort-current")
    assert_accessible(page)


def test_a_closed_consultation_shows_its_contributions_figures_and_linked_answers(
    page, demo_server
):
    page.goto(f"{demo_server}{CLOSED}")
    assert_accessible(page)
    assert page.get_by_text("Aucun commentaire pour l'instant").count() < 2
    assert page.locator("li[id^=commentaire-]").count() >= 4
    for group in page.locator("section[id^=question-]").all()[:2]:
        assert group.locator("li[id^=commentaire-]").count() >= 1
    figures = page.locator("#participation")
    assert figures.locator("table").count() == 2
    assert page.locator("button.site-vote").count() == 0
    link = page.locator("#synthese a[href^='#commentaire-']").first
    target = link.get_attribute("href")
    link.click()
    assert page.locator(target).is_visible()
    _shot(page, "closed-consultation")
