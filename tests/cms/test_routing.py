"""Pages are found by their address in a fixed number of queries (``cms.routing``), the same
pages as Wagtail's walk of the tree finds, and view restrictions still hold on them."""

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from cms import routing
from cms.models import AxisPage, ContentPage, HomePage, RecommendationIndexPage, public_pages
from tests.cms.factories import consultation
from tests.cms.test_english_pages import REC_8_EN, REC_8_FR

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/",
    "/recommandations/",
    "/recommandations/axe-2/",
    REC_8_FR,
    "/consultations/",
    "/en/",
    REC_8_EN,
    # Not translated: Wagtail serves the French page at the English address.
    "/en/consultations/",
]


def _request(address):
    request = RequestFactory().get(address)
    language = "en" if address.startswith("/en/") else "fr"
    return request, address.removeprefix("/en")[1:], language


def _wagtail_walk(address):
    request, path, language = _request(address)
    with translation.override(language):
        found = Page.route_for_request(request, path)
    return found


def _fast_route(address):
    request, path, language = _request(address)
    with translation.override(language):
        return routing.route(request, path)


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_leads_to_the_page_wagtail_finds(address, english_rec_8):
    expected = _wagtail_walk(address)
    found = _fast_route(address)
    assert expected is not None
    if address == "/en/consultations/":
        assert found is None  # no English page there: Wagtail's walk serves the French one
        return
    assert (found.page.pk, type(found.page)) == (expected.page.pk, type(expected.page))
    assert _unbound(found) == _unbound(expected)


def _unbound(route):
    """A route's arguments, a routable page's view compared as its function."""
    return [getattr(arg, "__func__", arg) for arg in route.args], route.kwargs


def test_finding_a_page_costs_the_same_queries_at_every_depth(django_assert_num_queries):
    Site.get_site_root_paths()  # kept in the cache, as every page's links read them
    _fast_route("/recommandations/")  # the page types, kept per process
    _fast_route(REC_8_FR)
    # The pages along the address, the last one's own fields (the site is kept).
    with django_assert_num_queries(2):
        assert isinstance(_fast_route("/recommandations/").page, RecommendationIndexPage)
    with django_assert_num_queries(2):
        assert _fast_route(REC_8_FR).page.url_path.endswith("/recommandation-8/")


def test_the_site_of_a_host_is_kept_a_while_and_forgotten_when_saved(
    django_assert_num_queries, monkeypatch
):
    request, _path, _language = _request("/")
    site = routing.site_for(request)
    assert site == Site.objects.get(is_default_site=True)
    with django_assert_num_queries(0):
        assert routing.site_for(_request("/")[0]) == site
        # Wagtail's own lookups of the request read it too.
        assert Site.find_for_request(request) == site
    site.site_name = "Santé numérique"
    site.save()
    with django_assert_num_queries(1):
        assert routing.site_for(_request("/")[0]).site_name == "Santé numérique"
    monkeypatch.setattr(routing, "SITE_SECONDS", -1)  # kept no longer than read
    routing.forget_sites()
    routing.site_for(_request("/")[0])
    with django_assert_num_queries(1):
        routing.site_for(_request("/")[0])


def test_home_page_addresses_are_kept_and_forgotten_when_a_page_changes(
    client, monkeypatch, english_rec_8
):
    """A page served after the shared cache was emptied reads neither the sites nor their home
    pages' translations again (kept in the process); a new home page address is seen at once."""
    reads = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", lambda: reads.append(1) or read())
    assert client.get(REC_8_FR).status_code == 200
    assert client.get("/en/").status_code == 200
    cache.clear()
    assert client.get(REC_8_EN).status_code == 200
    assert b'href="/recommandations/"' in client.get(REC_8_FR).content  # links written too
    assert len(reads) == 1

    english_home = HomePage.objects.get(locale__language_code="en")
    english_home.slug = "english"
    english_home.save()  # its address (url_path) changes
    expected = read()
    assert [path.root_path for path in expected if path.language_code == "en"] == ["/english/"]
    assert routing.site_root_paths(_request("/")[0]) == expected
    assert len(reads) == 2


def test_a_routable_pages_own_address_is_left_to_it(client):
    assert _fast_route("/recommandations/8/") is None
    response = client.get("/recommandations/8/")
    assert response.status_code == 302 and response["Location"] == REC_8_FR


def test_a_routable_pages_route_comes_before_a_child_with_the_same_slug(client):
    index = RecommendationIndexPage.objects.get()
    index.add_child(instance=ContentPage(title="Huit", slug="8"))
    assert _fast_route("/recommandations/8/") is None
    response = client.get("/recommandations/8/")
    assert response.status_code == 302 and response["Location"] == REC_8_FR


def test_an_unknown_address_is_left_to_wagtail_which_answers_404(client):
    assert _fast_route("/recommandations/axe-9/") is None
    assert client.get("/recommandations/axe-9/").status_code == 404


def test_an_unpublished_page_is_not_found(client):
    axis = AxisPage.objects.get(axis__number=2)
    axis.unpublish()
    with pytest.raises(Http404):
        _fast_route("/recommandations/axe-2/")
    assert client.get("/recommandations/axe-2/").status_code == 404


def test_breadcrumbs_are_the_pages_along_the_address(client):
    html = client.get(REC_8_FR).content.decode()
    trail = html[html.index('class="fr-breadcrumb__list"') :]
    assert trail.index('href="/"') < trail.index('href="/recommandations/"')
    assert trail.index('href="/recommandations/"') < trail.index('href="/recommandations/axe-2/"')


def test_a_restriction_on_an_ancestor_still_asks_visitors_to_sign_in(client):
    axis = AxisPage.objects.get(axis__number=2)
    PageViewRestriction.objects.create(page=axis, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(REC_8_FR)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get("/recommandations/axe-1/").status_code == 200


def test_a_routed_page_knows_its_restrictions_without_asking_again(
    client, django_assert_num_queries
):
    """The pages along the address tell whether a restriction applies (an alias's is its
    source's): a page without one is served without reading restrictions; one under a
    restricted page, or an alias of one, still asks visitors to sign in."""
    axis = AxisPage.objects.get(axis__number=2)
    found = _fast_route(REC_8_FR).page
    assert found.route_restricted is False
    with django_assert_num_queries(0):
        assert list(found.get_view_restrictions()) == []
    restriction = PageViewRestriction.objects.create(
        page=axis, restriction_type=PageViewRestriction.LOGIN
    )
    found = _fast_route(REC_8_FR).page
    assert found.route_restricted is True
    assert list(found.get_view_restrictions()) == [restriction]
    axis.create_alias(parent=HomePage.objects.get(), update_slug="alias-axe-2")
    alias = _fast_route("/alias-axe-2/").page
    assert alias.route_restricted is True
    assert list(alias.get_view_restrictions()) == [restriction]
    response = client.get("/alias-axe-2/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_view_restrictions_are_wagtails_own_and_ancestors_in_one_query(
    django_assert_num_queries,
):
    axis = AxisPage.objects.get(axis__number=2)
    restriction = PageViewRestriction.objects.create(
        page=axis, restriction_type=PageViewRestriction.LOGIN
    )
    home = HomePage.objects.get()
    alias = axis.create_alias(parent=home, update_slug="alias-axe-2")
    for page in [axis, *axis.get_children().specific(), home, alias.specific]:
        with django_assert_num_queries(1):
            ours = set(page.get_view_restrictions())
        assert ours == set(Page.get_view_restrictions(page))
    assert set(alias.specific.get_view_restrictions()) == {restriction}


def test_public_pages_are_those_wagtail_calls_public(django_assert_num_queries):
    consultation("open")
    axis = AxisPage.objects.get(axis__number=2)
    PageViewRestriction.objects.create(page=axis, restriction_type=PageViewRestriction.LOGIN)
    with django_assert_num_queries(1):
        ours = set(public_pages(Page.objects.live()).values_list("pk", flat=True))
    assert ours == set(Page.objects.live().public().values_list("pk", flat=True))
    assert axis.pk not in ours
    assert not ours & set(axis.get_descendants().values_list("pk", flat=True))
