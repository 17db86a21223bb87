"""The public cache keeps pages under the code's release: a deployment never serves a page the
previous code rendered (its templates, texts and static file addresses)."""

import pytest

from governance.release import release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _release_read_again(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    release.cache_clear()
    yield
    release.cache_clear()


def test_a_new_release_never_serves_what_the_previous_one_cached(client, settings):
    settings.RELEASE = "2026.12.1"
    client.get("/")
    assert client.get("/")["X-Public-Cache"] == "hit"
    settings.RELEASE = "2026.12.2"
    release.cache_clear()  # a new process of the new release
    assert "X-Public-Cache" not in client.get("/")
    assert client.get("/")["X-Public-Cache"] == "hit"


def test_unnamed_releases_are_told_apart_by_what_renders_pages(settings, tmp_path):
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "base.html"
    template.parent.mkdir()
    template.write_text("<title>Santé numérique</title>")
    (tmp_path / "governance").mkdir()
    (tmp_path / "governance" / "views.py").write_text("TITLE = 1\n")
    first = release()
    release.cache_clear()
    assert release() == first  # every server running this code agrees
    (tmp_path / "governance" / "notes.log").write_text("not code")
    release.cache_clear()
    assert release() == first
    template.write_text("<title>Numérique en santé</title>")
    release.cache_clear()
    assert release() != first
