"""Tamper evidence for the platform's records: keyed hash chains, one mechanism for every log.

Each chained row carries an HMAC-SHA256 over its own fields and the previous row's digest in
the same chain (its *scope*), and the id of the key that signed it. Rewriting a row, inserting,
removing or reordering rows breaks the chain from that row on; without the key nobody can
recompute a valid digest. The first key of ``settings.HISTORY_HMAC_KEYS`` signs, all of them
verify, so keys rotate without re-signing the past.
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

KEY_DERIVATION_SALT = b"cnnum.history-chain.v1"


def _derived_key(secret):
    """A chain key derived from a Django secret key, and its public fingerprint as key id."""
    key = hmac.new(secret.encode(), KEY_DERIVATION_SALT, hashlib.sha256).digest()
    return "sk-" + hashlib.sha256(key).hexdigest()[:10], key


def keyring():
    """The (key id, key) pairs, the signing key first.

    From ``HISTORY_HMAC_KEYS`` (``id:secret`` entries) when set; otherwise derived from
    ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, so rotating the secret key keeps old rows valid.
    """
    configured = list(getattr(settings, "HISTORY_HMAC_KEYS", []) or [])
    if not configured:
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return [_derived_key(secret) for secret in secrets]
    ring = []
    for entry in configured:
        key_id, sep, secret = str(entry).partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured("HISTORY_HMAC_KEYS entries are written “key-id:secret”.")
        ring.append((key_id, secret.encode()))
    return ring


def canonical(value):
    """A JSON-stable form of a field value (datetimes in UTC, so the time zone does not matter)."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _mac(key, content, previous):
    message = json.dumps(
        {"previous": previous, "content": {k: canonical(v) for k, v in content.items()}},
        sort_keys=True,
        ensure_ascii=False,
    ).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(content, previous):
    """(key id, digest) of ``content`` chained to ``previous``, with the signing key."""
    key_id, key = keyring()[0]
    return key_id, _mac(key, content, previous)


def check(content, previous, key_id, digest):
    """True when ``digest`` is the MAC of ``content`` after ``previous`` under key ``key_id``."""
    key = dict(keyring()).get(key_id)
    if key is None or not digest:
        return False
    return hmac.compare_digest(_mac(key, content, previous), digest)


def lock_chain(label, scope):
    """Serialise the writers of one chain until the end of the transaction.

    On PostgreSQL a transaction-level advisory lock, so two inserts in the same scope can never
    both read the same previous row (even the very first row, which has nothing to lock);
    SQLite already lets one writer at a time in (the project's IMMEDIATE transactions).
    """
    if connection.vendor != "postgresql":
        return
    raw = hashlib.blake2b(f"{label}:{scope!r}".encode(), digest_size=8).digest()
    lock_id = int.from_bytes(raw, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


class ChainedRecord(models.Model):
    """A row that belongs to a keyed hash chain (see the module docstring).

    Subclasses say which rows form one chain (``chain_scope``), in which order
    (``chain_partitions``) and which fields the digest covers (``chain_content``).
    """

    digest = models.CharField(_("digest"), max_length=64, blank=True, editable=False)
    digest_key = models.CharField(_("digest key"), max_length=40, blank=True, editable=False)

    # How ``verify_history`` names the chain (in English, like the command's other output).
    chain_label = ""

    class Meta:
        abstract = True

    def chain_scope(self):
        """Lookup kwargs selecting the rows of this row's chain."""
        raise NotImplementedError

    def chain_content(self):
        """The fields the digest covers, as a flat dict."""
        raise NotImplementedError

    @classmethod
    def chain_partitions(cls):
        """Querysets of every chained row, each chain contiguous and in chain order."""
        raise NotImplementedError

    @classmethod
    def chain_orphans(cls):
        """Rows that carry a seal but have left their chain (none unless a subclass says so)."""
        return cls._default_manager.none()

    def scope_key(self):
        return tuple(sorted(self.chain_scope().items()))

    def previous_in_chain(self):
        """Digest of the last row of this row's chain ("" for the first row)."""
        raise NotImplementedError

    def seal(self):
        """Sign this row after the last one of its chain; call inside the writing transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Seal a chained row inside the transaction that writes it.")
        lock_chain(self._meta.label, self.scope_key())
        self.digest_key, self.digest = sign(self.chain_content(), self.previous_in_chain())


class AppendOnlyChainedRecord(ChainedRecord):
    """A log row chained in insertion order (primary key) within its scope, signed at insert."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.seal()
            super().save(*args, **kwargs)

    def previous_in_chain(self):
        return (
            type(self)
            ._default_manager.filter(**self.chain_scope())
            .order_by("-pk")
            .values_list("digest", flat=True)
            .first()
            or ""
        )


@dataclass(frozen=True)
class Break:
    """The first row of a chain that no longer matches; ``reason`` says how."""

    label: str
    pk: int
    scope: tuple
    reason: str

    def __str__(self):
        scope = ", ".join(f"{key}={value}" for key, value in self.scope)
        return f"{self.label} #{self.pk} ({scope}): {self.reason}"


def chained_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ChainedRecord) and not model._meta.abstract
    ]


def first_break_in(model, rows, orphans=None):
    """The first broken row among ``rows`` (whole chains, in chain order), or ``None``.

    ``orphans`` are sealed rows that should not carry a seal (``chain_orphans``, narrowed).
    """
    label = model.chain_label
    scope, previous = None, ""
    for row in rows:
        if row.scope_key() != scope:
            scope, previous = row.scope_key(), ""
        if not row.digest:
            return Break(label, row.pk, scope, "not sealed")
        if not check(row.chain_content(), previous, row.digest_key, row.digest):
            reason = (
                "signed with an unknown key"
                if row.digest_key not in dict(keyring())
                else "digest does not match its content and the row before it"
            )
            return Break(label, row.pk, scope, reason)
        previous = row.digest
    orphan = orphans.order_by("pk").first() if orphans is not None else None
    if orphan is not None:
        return Break(label, orphan.pk, orphan.scope_key(), "sealed row left its chain")
    return None


def first_break(model):
    """The first broken row of ``model``'s chains, or ``None`` when every chain holds."""
    for queryset in model.chain_partitions():
        found = first_break_in(model, queryset.iterator(chunk_size=2000))
        if found is not None:
            return found
    return first_break_in(model, [], orphans=model.chain_orphans())


def seal_existing(model, partitions, content, scope_key):
    """Sign rows written before their table was chained (data migrations), in chain order."""
    key_id = keyring()[0][0]
    for queryset in partitions:
        scope, previous = None, ""
        for row in queryset:
            if scope_key(row) != scope:
                scope, previous = scope_key(row), ""
            _key_id, digest = sign(content(row), previous)
            model.objects.filter(pk=row.pk).update(digest=digest, digest_key=key_id)
            previous = digest


def all_breaks():
    """The first broken row of every chained model (empty when all chains hold)."""
    return [found for model in chained_models() if (found := first_break(model)) is not None]
