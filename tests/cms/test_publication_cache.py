"""Publishing or unpublishing a page empties the whole-page cache of anonymous visitors."""

import pytest

from governance import public_cache
from tests.cms.factories import recommendation_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_page_publication_invalidates_public_pages(action, django_capture_on_commit_callbacks):
    page = recommendation_page(8)
    scope = public_cache.page_scope(page)
    before = public_cache.versions([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        if action == "publish":
            page.save_revision().publish()
        else:
            page.unpublish()
    assert public_cache.versions([scope])[scope] > before
