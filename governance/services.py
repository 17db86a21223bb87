"""Progress tracking rules: drafting and publishing updates (four eyes), bulk import, reminders."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from governance import history, public_cache
from governance.errors import Conflict, NotPermitted
from governance.models import RAG, ProgressUpdate, Recommendation, RecommendationStatus
from governance.roles import Role, has_role


class AlreadyPublished(Conflict):
    """The update was published already (by someone else, or a moment ago)."""

    default_message = _lazy("This update is already published.")

    def __init__(self, version):
        super().__init__(data={"version": version})


class DraftChanged(Conflict):
    """The draft changed since the publisher checked it: they must check it again."""

    default_message = _lazy(
        "The draft changed since you checked it: check it again before publishing."
    )

    def __init__(self, version):
        super().__init__(data={"version": version})
        self.version = version


def is_ministry(user):
    return user.is_authenticated and user.is_active and has_role(user, Role.MINISTRY)


def require_ministry(user):
    if not is_ministry(user):
        raise NotPermitted(_("Only ministry staff may do this."))


def draft_update(recommendation, user, **fields):
    """Record a draft update by ``user``; nothing public changes until someone else publishes it.

    ``fields`` are the update's own fields (status, progress, comment, rag, rag_reason,
    evidence_url, evidence_file); the rating defaults to the recommendation's current one.
    """
    require_ministry(user)
    fields.setdefault("rag", recommendation.rag or RAG.GREEN)
    if "rag_reason" not in fields and fields["rag"] == recommendation.rag:
        fields["rag_reason"] = recommendation.rag_reason
    update = ProgressUpdate(recommendation=recommendation, author=user, **fields)
    update.full_clean()
    update.save()
    return update


def publish_update(update, user, *, version=None, now=None):
    """Publish ``update`` (four eyes): the recommendation's public state follows it.

    ``version`` is the version the publisher checked; if the author changed the draft since,
    nothing is published (``DraftChanged``). Both rows are locked, so of two people publishing
    at once exactly one wins and the other gets ``AlreadyPublished``, and an edit or delete
    racing the publication waits for it. Draft milestones of the recommendation go public with
    it, which freezes their planned dates. ``now`` dates a publication recorded elsewhere
    earlier (demo history); it must come after the recommendation's last publication.
    """
    require_ministry(user)
    if update.author_id == user.pk:
        raise NotPermitted(_("The author of an update may not publish it: ask a colleague."))
    with transaction.atomic():
        update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
        if update.is_published:
            raise AlreadyPublished(update.version)
        if version is not None and version != update.version:
            raise DraftChanged(update.version)
        recommendation = Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
        update.recommendation = recommendation
        last = recommendation.last_published_at
        if now is None:
            # Publication order is chain order: never date one before (or with) the last.
            now = timezone.now()
            if last and now <= last:
                now = last + datetime.timedelta(microseconds=1)
        elif last and now <= last:
            raise ValueError("Publications are recorded in chronological order.")
        update.previous_status = recommendation.status
        update.previous_progress = recommendation.progress
        update.previous_rag = recommendation.rag
        update.published_at = now
        update.published_by = user
        update.seal()
        update.save(update_fields=PUBLICATION_FIELDS)
        recommendation.status = update.status
        recommendation.progress = update.progress
        recommendation.rag = update.rag
        recommendation.rag_reason = update.rag_reason
        recommendation.last_published_at = now
        recommendation.save(
            update_fields=["status", "progress", "rag", "rag_reason", "last_published_at"]
        )
        recommendation.milestones.filter(published_at__isnull=True).update(published_at=now)
        # The barometer and everything listing statuses, and this recommendation's own page.
        public_cache.invalidate_after_commit(
            public_cache.BAROMETER, public_cache.recommendation_scope(recommendation.pk)
        )
    return update


PUBLICATION_FIELDS = [
    "previous_status",
    "previous_progress",
    "previous_rag",
    "published_at",
    "published_by",
    "digest",
    "digest_key",
]


def recommendation_inconsistency(recommendation, latest):
    """How ``recommendation``'s public state departs from its latest published update, if it does.

    ``latest`` is that update (``None`` when nothing was published: the initial state).
    """
    expected = {
        "status": latest.status if latest else RecommendationStatus.NOT_STARTED,
        "progress": latest.progress if latest else 0,
        "rag": latest.rag if latest else "",
        "rag_reason": latest.rag_reason if latest else "",
        "last_published_at": latest.published_at if latest else None,
    }
    for name, value in expected.items():
        if getattr(recommendation, name) != value:
            shown = getattr(recommendation, name)
            return f"{name} is {shown!r}, its latest publication says {value!r}"
    return None


def recommendation_breaks():
    """Every recommendation whose public state is not its latest published update's, in order."""
    latest = {}
    published = ProgressUpdate.objects.published()
    for update in published.order_by("recommendation_id", "published_at", "pk"):
        latest[update.recommendation_id] = update
    breaks = []
    for recommendation in Recommendation.objects.order_by("number"):
        reason = recommendation_inconsistency(recommendation, latest.get(recommendation.pk))
        if reason:
            breaks.append((recommendation, reason))
    return breaks


def history_is_intact(recommendation):
    """True when the recommendation's published history holds and its public state follows it."""
    updates = list(recommendation.updates.published().order_by("published_at", "pk"))
    previous = ""
    for update in updates:
        if not history.check(update.chain_content(), previous, update.digest_key, update.digest):
            return False
        previous = update.digest
    if recommendation.updates.drafts().exclude(digest="", digest_key="").exists():
        return False
    recommendation.refresh_from_db()
    return recommendation_inconsistency(recommendation, updates[-1] if updates else None) is None


# Bulk import -----------------------------------------------------------------------------------

IMPORT_COLUMNS = ["number", "status", "progress", "rag", "rag_reason", "comment", "evidence_url"]
IMPORT_REQUIRED = ["number", "status", "progress", "comment"]
IMPORT_MAX_ROWS = 1000


@dataclass
class ImportResult:
    """Either every row became a draft (``created``) or none did (``errors``, by line number)."""

    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _decode(upload):
    """The file's text; ``ValueError`` when it is not text (NUL bytes never are, and
    PostgreSQL would refuse them)."""
    text = upload.read()
    if not isinstance(text, str):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = text.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError
    if "\x00" in text:
        raise ValueError
    return text


def import_updates_csv(upload, user):
    """Turn each row of a CSV file into a draft update, all or nothing.

    Every row is validated before anything is written; one bad row rejects the whole file and
    every error is reported with its line number (line 1 is the header). The drafts still need
    a second ministry user to publish them.
    """
    require_ministry(user)
    result = ImportResult()
    try:
        text = _decode(upload)
    except ValueError:
        result.errors.append((1, _("The file is not a text (CSV) file in UTF-8.")))
        return result
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in IMPORT_REQUIRED if name not in header]
    unknown = [name for name in header if name not in IMPORT_COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(
                (1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
            )
        if unknown:
            result.errors.append(
                (1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
            )
        return result
    reader.fieldnames = header
    recommendations = {r.number: r for r in Recommendation.objects.all()}
    drafts, seen = [], {}
    for row in reader:
        line = reader.line_num
        if len(drafts) + len(result.errors) >= IMPORT_MAX_ROWS:
            result.errors.append(
                (line, _("Too many rows: at most %(count)s.") % {"count": IMPORT_MAX_ROWS})
            )
            break
        if None in row:
            result.errors.append((line, _("This line has more cells than the header.")))
            continue
        values = {key: (value or "").strip() for key, value in row.items()}
        if not any(values.values()):
            continue
        draft = _row_to_draft(values, line, recommendations, seen, user, result.errors)
        if draft is not None:
            drafts.append(draft)
    if not drafts and not result.errors:
        result.errors.append((2, _("The file has no data rows.")))
    if result.errors:
        return result
    with transaction.atomic():
        result.created = ProgressUpdate.objects.bulk_create(drafts)
    return result


def _row_to_draft(values, line, recommendations, seen, user, errors):
    try:
        number = int(values["number"])
        recommendation = recommendations[number]
    except (KeyError, ValueError):
        errors.append(
            (
                line,
                _("number: “%(value)s” is not a recommendation number (1 to 18).")
                % {"value": values["number"]},
            )
        )
        return None
    if number in seen:
        errors.append(
            (
                line,
                _("number: recommendation %(number)s already appears on line %(line)s.")
                % {"number": number, "line": seen[number]},
            )
        )
        return None
    seen[number] = line
    status = values["status"]
    if status not in RecommendationStatus.values:
        # Staff may type the French label as shown in the admin rather than the code.
        labels = {str(label).lower(): code for code, label in RecommendationStatus.choices}
        status = labels.get(status.lower(), status)
    rag = values.get("rag") or recommendation.rag or RAG.GREEN
    if rag not in RAG.values:
        labels = {str(label).lower(): code for code, label in RAG.choices}
        rag = labels.get(rag.lower(), rag)
    try:
        progress = int(values["progress"])
    except ValueError:
        progress = values["progress"]
    draft = ProgressUpdate(
        recommendation=recommendation,
        author=user,
        status=status,
        progress=progress,
        rag=rag,
        rag_reason=values.get("rag_reason") or "",
        comment=values["comment"],
        evidence_url=values.get("evidence_url") or "",
    )
    try:
        draft.full_clean(exclude=["author"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                errors.append((line, f"{name}: {message}"))
        return None
    return draft


# Reminders -------------------------------------------------------------------------------------


def stale_after_days():
    return settings.PROGRESS_STALE_AFTER_DAYS


def reminder_interval_days():
    return settings.PROGRESS_REMINDER_INTERVAL_DAYS
