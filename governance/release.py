"""Which release of the code this process runs, so that what an earlier release cached is not
served by this one: an anonymous page kept in the shared cache holds the templates, texts and
static file addresses of the code that rendered it, and a deployment changes them all.

A deployment may name its release (``DJANGO_RELEASE``: a version, a commit); otherwise the
release is a digest of what renders pages: the project's code, templates, translations and
static files, and the pinned dependencies. Every server running the same code computes the same
digest, so they share their cached pages; the next deployment's servers start with none.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SOURCES = ("governance", "cms", "workflows", "templates", "locale", "static", "pyproject.toml")
RENDERING_SUFFIXES = (".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json", ".toml")


@lru_cache(maxsize=1)
def release():
    """``settings.RELEASE`` when set, else a digest of the sources (read once per process)."""
    if settings.RELEASE:
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for source in SOURCES:
        root = base / source
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.suffix in RENDERING_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
