"""Keep what the public sees in step: publishing a page, or changing who may see it (Wagtail's
privacy settings), empties the public page cache; a recommendation's governance title reaches its
page's title and search index."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from governance.models import Axis, Recommendation
from governance.public_cache import invalidate_public_pages


def page_visibility_changed(sender, **kwargs):
    transaction.on_commit(invalidate_public_pages)


def consultation_published(sender, instance, **kwargs):
    """A closed consultation's synthesis goes out: its participants hear of it (once)."""
    from cms.comments.services import announce_synthesis

    announce_synthesis(instance)


# What a page's title and search index show of an axis or a recommendation.
INDEXED_FIELDS = {"number", "title", "summary"}


def governance_record_saved(sender, instance, update_fields=None, **kwargs):
    """Re-title and re-index the page that presents an axis or a recommendation.

    A progress publication saves only the recommendation's status and progress, which the page
    index does not hold: re-indexing then would take the search index's locks inside every
    publication, and two publications at once deadlocked on them.
    """
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return
    from cms.models import AxisPage, RecommendationPage
    from cms.models.recommendations import axis_page_title, recommendation_page_title

    if isinstance(instance, Recommendation):
        pages = RecommendationPage.objects.filter(recommendation=instance)
        title = recommendation_page_title(instance)
    else:
        pages = AxisPage.objects.filter(axis=instance)
        title = axis_page_title(instance)
    for page in pages:
        if page.title != title:
            type(page).objects.filter(pk=page.pk).update(title=title, draft_title=title)
            page.title = page.draft_title = title
        index.insert_or_update_object(page)


def connect():
    page_published.connect(page_visibility_changed, dispatch_uid="cms-page-published")
    page_unpublished.connect(page_visibility_changed, dispatch_uid="cms-page-unpublished")
    from cms.models import ConsultationPage

    page_published.connect(
        consultation_published, sender=ConsultationPage, dispatch_uid="cms-synthesis-published"
    )
    # A page switched to login-only (or back) must leave the anonymous cache at once.
    post_save.connect(
        page_visibility_changed, sender=PageViewRestriction, dispatch_uid="cms-restricted"
    )
    post_delete.connect(
        page_visibility_changed, sender=PageViewRestriction, dispatch_uid="cms-unrestricted"
    )
    post_save.connect(governance_record_saved, sender=Recommendation, dispatch_uid="cms-rec")
    post_save.connect(governance_record_saved, sender=Axis, dispatch_uid="cms-axis")
