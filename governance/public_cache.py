"""Whole-page cache for what anonymous visitors see, dropped as soon as anything public changes.

Every cached page is keyed by a generation number; ``invalidate_public_pages()`` bumps it, so
all pages are rebuilt on their next visit. Apps call it when they publish or change something
the public sees (a page, a comment, a progress update).
"""

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate_public_pages():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
