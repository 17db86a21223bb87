"""The shell works by keyboard alone."""


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, demo_server):
    page.goto(f"{demo_server}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_sign_in_by_keyboard(page, demo_server):
    page.goto(f"{demo_server}/accounts/login/")
    page.focus("input[name=login]")
    page.keyboard.type("citoyen")
    for _step in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "password":  # past the reset link
            break
    page.keyboard.type("demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
