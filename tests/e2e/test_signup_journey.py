"""A newcomer files a dossier with no administrator involved; colleagues join only if they accept.

The demo server asks the local stand-in of the company directory and writes its emails to files
(``outbox``): the confirmation link is read from there, as a person would from their mailbox.
"""

import re
import time
from email import message_from_string

import pytest

from tests.e2e.conftest import assert_accessible
from tests.workflows.factories import valid_siret

PASSWORD = "un-mot-de-passe-solide-42"


def _messages(outbox):
    """Django's file backend: one file per connection, messages separated by a dashed line."""
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                yield message_from_string(chunk.strip() + "\n")


def _confirmation_link(outbox, email, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in _messages(outbox):
            if message["To"] == email:
                body = message.get_payload(decode=True).decode()
                found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
                if found:
                    return found.group()
        time.sleep(0.2)
    raise AssertionError(f"no confirmation email for {email}")


def _sign_up(page, demo_server, outbox, *, email, username, public_name, next_path="/dossiers/"):
    page.goto(f"{demo_server}/accounts/signup/?next={next_path}")
    assert_accessible(page)
    page.fill("input[name=email]", email)
    page.fill("input[name=username]", username)
    page.fill("input[name=public_name]", public_name)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert_accessible(page)
    page.goto(_confirmation_link(outbox, email))
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.goto(f"{demo_server}{next_path}")
    assert_accessible(page)


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(locale="fr-FR")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_a_newcomer_files_a_dossier_and_only_an_accepting_colleague_joins(
    demo_server, company_directory, outbox, new_page
):
    siret = valid_siret(987_654)
    company_directory.add(siret, "JEUNE POUSSE SANTE", region="53", postcode="35000", city="RENNES")
    owner = new_page()
    owner.goto(f"{demo_server}/")
    owner.locator('header a.fr-nav__link[href="/dossiers/"]').click()
    owner.wait_for_load_state()
    assert_accessible(owner)
    assert owner.locator('main a[href^="/accounts/signup/"]').count() == 1
    _sign_up(owner, demo_server, outbox, email="fondatrice@example.org",
             username="fondatrice", public_name="Fondatrice")  # fmt: skip

    # Declare the company: the directory pre-fills it.
    owner.fill("input[name=siret]", siret)
    with owner.expect_navigation():
        owner.locator("form[action='/dossiers/organisation/'] button[type=submit]").click()
    assert_accessible(owner)
    assert owner.input_value("input[name=name]") == "JEUNE POUSSE SANTE"
    assert owner.input_value("select[name=region]") == "bretagne"
    with owner.expect_navigation():
        owner.locator("form[action='/dossiers/organisation/'] button[type=submit]").click()
    assert "JEUNE POUSSE SANTE" in owner.locator("main").inner_text()

    # File and submit a dossier.
    owner.locator('main a[href="/dossiers/nouveau/"]').click()
    owner.wait_for_load_state()
    assert_accessible(owner)
    owner.fill("input[name=title]", "Télésurveillance des plaies chroniques")
    owner.fill("textarea[name=summary]", "Photos de plaies analysées par l'infirmière.")
    owner.select_option("select[name=pathway]", "forfait-innovation")
    owner.fill("textarea[name=product_description]", "Application et tableau de bord.")
    owner.fill("textarea[name=target_users]", "Infirmiers libéraux, patients.")
    owner.fill("textarea[name=evidence]", "Étude pilote sur 80 patients.")
    owner.select_option("select[name=regulatory_status]", index=1)
    with owner.expect_navigation():
        owner.locator("main form button[type=submit]").first.click()
    assert_accessible(owner)
    with owner.expect_navigation():
        owner.locator("form[action$='/transitions/submit/'] button[type=submit]").click()
    assert_accessible(owner)
    reference = re.search(r"DOS-\d{4}-\d{6}", owner.content()).group()

    # Invite two colleagues: one accepts, one declines.
    owner.goto(f"{demo_server}/dossiers/")
    for email in ("collegue@example.org", "refus@example.org"):
        owner.locator("details summary").first.click()
        owner.fill("input[name=email]", email)
        with owner.expect_navigation():
            owner.locator("form[action='/dossiers/organisation/membres/'] button").click()
        assert_accessible(owner)

    colleague = new_page()
    _sign_up(colleague, demo_server, outbox, email="collegue@example.org",
             username="collegue", public_name="Collègue")  # fmt: skip
    assert reference not in colleague.locator("main").inner_text()
    colleague.goto(f"{demo_server}/dossiers/invitations/")
    assert_accessible(colleague)
    colleague.locator("main ul a").first.click()
    colleague.wait_for_load_state()
    assert_accessible(colleague)
    with colleague.expect_navigation():
        colleague.locator("button[name=answer][value=accept]").click()
    assert reference in colleague.locator("main").inner_text()

    refuser = new_page()
    _sign_up(refuser, demo_server, outbox, email="refus@example.org",
             username="refus", public_name="Refus")  # fmt: skip
    refuser.goto(f"{demo_server}/dossiers/invitations/")
    refuser.locator("main ul a").first.click()
    refuser.wait_for_load_state()
    with refuser.expect_navigation():
        refuser.locator("button[name=answer][value=decline]").click()
    assert_accessible(refuser)
    assert reference not in refuser.locator("main").inner_text()
    assert refuser.locator("input[name=siret]").count() == 1  # still no organisation


def test_the_account_page_is_accessible_and_linked_from_the_header(page, sign_in, demo_server):
    sign_in("citoyen")
    page.goto(f"{demo_server}/")
    page.locator('header a[href="/compte/"]').first.click()
    page.wait_for_load_state()
    assert page.locator("input[name=public_name]").count() == 1
    assert_accessible(page)
