"""Keep what the public sees in step: publishing a page, or changing who may see it (Wagtail's
privacy settings), drops the cached copies that show it; a recommendation's governance title
reaches its page's title and search index."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from governance import public_cache
from governance.models import Axis, Recommendation


def page_scopes(page):
    """The cached answers that show ``page``: itself and the pages below it, the pages listing
    it (its ancestors), page lists everywhere, and what its kind appears in elsewhere. The same
    for each of its translations: they link to one another (``hreflang``), and an address in one
    language serves the French page until its translation is live."""
    from cms.models import ConsultationPage, RecommendationPage

    page = page.specific_deferred
    scopes = [public_cache.PAGES]
    for version in [page, *page.get_translations().only("path")]:
        scopes += [public_cache.page_scope(version), public_cache.under_scope(version)]
    # The pages listing it, in every language (a translated list shows untranslated pages).
    listing = Page.objects.filter(
        translation_key__in=Page.objects.ancestor_of(page).values("translation_key")
    )
    scopes += [public_cache.page_scope(path) for path in listing.values_list("path", flat=True)]
    if isinstance(page, ConsultationPage):
        scopes.append(public_cache.CONSULTATIONS)
    if isinstance(page, RecommendationPage):
        scopes.append(public_cache.recommendation_scope(page.recommendation_id))
    return scopes


def page_visibility_changed(sender, instance, **kwargs):
    """A page published or unpublished, or its privacy changed: no visitor sees the old copy."""
    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    public_cache.invalidate_after_commit(*page_scopes(page), hard=True)


def page_addresses_changed(sender, **kwargs):
    """A page moved or renamed in its URL: links to it are everywhere."""
    public_cache.invalidate_after_commit(public_cache.SITE, hard=True)


def home_page_published(sender, instance, **kwargs):
    """A home page in a new language: editors work under it as under the French one."""
    from cms.editorial import ensure_editorial_workflow

    ensure_editorial_workflow()


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

    # Only the French pages: translations keep the titles their translators wrote.
    if isinstance(instance, Recommendation):
        pages = RecommendationPage.objects.filter(recommendation=instance)
        title = recommendation_page_title(instance)
    else:
        pages = AxisPage.objects.filter(axis=instance)
        title = axis_page_title(instance)
    pages = pages.filter(locale__language_code=settings.LANGUAGE_CODE)
    # Its title shows wherever the recommendation or axis is named.
    public_cache.invalidate_after_commit(public_cache.SITE, hard=True)
    for page in pages:
        if page.title != title:
            type(page).objects.filter(pk=page.pk).update(title=title, draft_title=title)
            page.title = page.draft_title = title
        index.insert_or_update_object(page)


def author_saved(sender, instance, created, update_fields=None, **kwargs):
    """A person's public name changed, or their account was deleted: the comments they signed
    read another name (``cms.comments.services.author_label_changed``). A save that names its
    fields says whether the name is among them; any other may have changed it."""
    if created or (update_fields is not None and "public_name" not in update_fields):
        return
    from cms.comments.services import author_label_changed

    author_label_changed(instance)


def connect():
    page_published.connect(page_visibility_changed, dispatch_uid="cms-page-published")
    page_unpublished.connect(page_visibility_changed, dispatch_uid="cms-page-unpublished")
    page_slug_changed.connect(page_addresses_changed, dispatch_uid="cms-page-slug")
    post_page_move.connect(page_addresses_changed, dispatch_uid="cms-page-moved")
    from cms.models import ConsultationPage, HomePage

    page_published.connect(home_page_published, sender=HomePage, dispatch_uid="cms-home")
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
    post_save.connect(author_saved, sender=get_user_model(), dispatch_uid="cms-comment-author")
    post_save.connect(governance_record_saved, sender=Recommendation, dispatch_uid="cms-rec")
    post_save.connect(governance_record_saved, sender=Axis, dispatch_uid="cms-axis")
