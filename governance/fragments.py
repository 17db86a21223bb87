"""Rendered HTML remembered in each process under everything it shows.

A key that holds every value a fragment is drawn from cannot go stale: a change of any of them
makes a new key, so nothing is ever invalidated, and a fragment survives an emptied shared
cache. The first visit after the cache is emptied still reads its data (to build the key), but
no longer renders what did not change: a consultation's threads, the barometer's entries.
"""

import threading
from collections import OrderedDict


class Fragments:
    """A bounded memo of rendered HTML in this process, keyed by everything the HTML shows;
    the least recently used fragments make room."""

    def __init__(self, size):
        self._size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key, render):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        html = render()
        with self._lock:
            self._items[key] = html
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return html

    def clear(self):
        with self._lock:
            self._items.clear()


def field_values(*instances):
    """Every stored value of ``instances`` (concrete fields, in order): a key that a fragment
    showing any field of theirs can use, whatever its template shows."""
    return tuple(
        tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)
        for instance in instances
    )
