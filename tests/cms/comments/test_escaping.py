"""User text never reaches the page or the API as markup: scripts and handlers stay text."""

import pytest
from django.urls import reverse

from cms.comments import services

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_escaped_on_the_consultation_page(client, citizen, consultation, attack):
    services.post_comment(consultation, citizen, f"Avant {attack} après")
    html = client.get(consultation.url).content.decode()
    assert "Avant" in html
    assert attack not in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_plain_text_in_the_api(api_client, citizen, consultation, attack):
    services.post_comment(consultation, citizen, attack)
    response = api_client.get(reverse("api-consultation-comments", args=[consultation.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    comment = response.json()["results"][0]
    assert comment["body"] == attack
    assert "<script" not in comment["body_html"]
    assert "<img" not in comment["body_html"]
    assert "<svg" not in comment["body_html"]
    assert "&lt;" in comment["body_html"]


def test_links_are_nofollow_ugc_and_line_breaks_kept(client, citizen, consultation):
    services.post_comment(consultation, citizen, "Voir https://example.org/doc\nMerci")
    html = client.get(consultation.url).content.decode()
    assert '<a href="https://example.org/doc" rel="nofollow ugc">' in html
    assert "<br>Merci" in html
