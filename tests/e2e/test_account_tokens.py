"""A person creates and revokes an API token from "Mon compte" by keyboard alone."""

from tests.e2e.conftest import assert_accessible


def tab_to(page, predicate, steps=60):
    for _step in range(steps):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"no focusable element matches {predicate}")


def test_create_then_revoke_a_token_by_keyboard(page, demo_server):
    page.goto(f"{demo_server}/accounts/login/")
    page.fill("input[name=login]", "citoyen2")
    page.fill("input[name=password]", "demo")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    page.goto(f"{demo_server}/compte/jetons/")
    assert_accessible(page)

    tab_to(page, "el.name === 'name'")
    page.keyboard.type("Mon script")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    key = page.locator("#nouveau-jeton").inner_text()
    assert len(key) == 40
    assert page.get_by_role("cell", name="Mon script").count() == 1
    page.screenshot(path="/tmp/tokens/account-tokens.png", full_page=True)
    assert_accessible(page)

    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Révoquer')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("cell", name="Mon script").count() == 0
    assert page.locator(".fr-alert--success").count() == 1
