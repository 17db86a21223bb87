"""Pagination of dossier lists whose cost does not grow with a crowded hub.

A list counts its rows up to ``COUNT_CAP`` (past it, it says "more than" and offers the first
pages; filters narrow it), and remembers the count until a dossier or a dossier permission
changes (``forget_counts``, connected in ``workflows/apps.py``): a crowded hub's tab does not
count thousands of rows on every page.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import cached_property

from governance.pagination import IdsFirstPaginator

COUNT_VERSION_KEY = "workflows:dossier-counts:version"
COUNT_TTL = 15 * 60


def _version():
    version = cache.get(COUNT_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(COUNT_VERSION_KEY, version, None)
    return version


def _bump():
    try:
        cache.incr(COUNT_VERSION_KEY)
    except ValueError:
        cache.set(COUNT_VERSION_KEY, 1, None)


def forget_counts(**kwargs):
    """Every remembered count is stale: now (this transaction reads its own writes) and again
    once the transaction commits (a count another request took meanwhile saw the old rows)."""
    _bump()
    transaction.on_commit(_bump)


def capped_count(queryset, cap):
    """How many rows ``queryset`` has, counting at most ``cap + 1``, remembered by its SQL."""
    rows = queryset.order_by().values("pk")[: cap + 1]
    sql, params = rows.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"workflows:dossier-counts:{_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = rows.count()
        cache.set(key, found, COUNT_TTL)
    return found


class CappedPaginator(IdsFirstPaginator):
    """Counts at most ``COUNT_CAP`` rows (``capped`` says when there are more), remembered until
    dossiers change."""

    COUNT_CAP = 1_000
    capped = False

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return len(self.object_list)
        found = capped_count(self.object_list, self.COUNT_CAP)
        self.capped = found > self.COUNT_CAP
        return min(found, self.COUNT_CAP)

    @property
    def count_is_exact(self):
        return not self.capped
