"""The reviewers' workbench: assignment, private notes, frozen versions and batch actions.

Each write goes through one function here (or ``services.perform`` for state changes), so a
batch of fifty dossiers is fifty single actions, each checked and logged on its own.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import uploads
from governance.errors import Conflict, DomainError, InvalidInput, NotPermitted, NotVisible
from governance.roles import is_reviewer, user_roles
from workflows import access, routing, services
from workflows.models import (
    NOTE_MAX_LENGTH,
    Dossier,
    DossierNote,
    DossierTransition,
    DossierVersion,
    EnclosedFile,
)
from workflows.pagination import forget_counts
from workflows.procedures import procedure_of

ASSIGN = "assign"
ME = "me"
# Every assignment row of a dossier's history: the dossier's (``assign``) and its reviews'
# (``assign_has_review``...); the applicant never sees them (internal organisation).
ASSIGNMENT_ROWS = Q(transition=ASSIGN) | Q(transition__startswith=f"{ASSIGN}_")
VERSIONED_TRANSITIONS = ("submit", "resubmit")
# The fields a version freezes, in the order the comparison shows them.
VERSIONED_FIELDS = (
    "title",
    "summary",
    "product_description",
    "target_users",
    "evidence",
    "regulatory_status",
    "product_kind",
    "pathway",
    "region",
    "recommendations",
    "files",
)
BATCH_ACTIONS = {
    "take_charge": gettext_lazy("Take charge"),
    "assign": gettext_lazy("Assign"),
    "export": gettext_lazy("Export"),
}


# Assignment ------------------------------------------------------------------------------------


def acting_members(dossier):
    """The active members of the groups acting on the dossier now (who may be assigned it)."""
    groups, _codename = routing.acting_groups(dossier)
    return get_user_model().objects.filter(groups__in=groups, is_active=True).distinct()


def _acts_now(user, dossier):
    groups, _codename = routing.acting_groups(dossier)
    return user.is_superuser or bool({group.name for group in groups} & user_roles(user))


def assign(dossier, user, assignee, *, now=None):
    """Assign ``dossier`` to ``assignee`` (a username, or ``"me"``) as a member of the group
    acting now; logged in the dossier's history as ``assign`` (the state does not change)."""
    if not access.can_view(user, dossier):
        raise NotVisible
    if not _acts_now(user, dossier):
        raise NotPermitted(_("Only the group acting on the dossier now may assign it."))
    username = user.username if assignee == ME else (assignee or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        member = acting_members(locked).filter(username=username).first()
        if member is None:
            raise InvalidInput(
                errors={"assignee": [_("Choose a member of the group acting on the dossier.")]}
            )
        locked.assignee = member
        locked.save(update_fields=["assignee", "updated_at"])
        DossierTransition.objects.create(
            dossier=locked,
            transition=ASSIGN,
            source=locked.state,
            target=locked.state,
            actor=user,
            at=now,
            comment=member.username,
        )
        if member.pk != user.pk:
            transaction.on_commit(lambda: _notify_assignee(locked.pk, member.pk))
    return locked


def _member(members, assignee, user):
    username = user.username if assignee == ME else (assignee or "").strip()
    member = members.filter(username=username).first()
    if member is None:
        raise InvalidInput(errors={"assignee": [_("Choose a member of the group.")]})
    return member


def review_members(review):
    """The active members of the review's body (who may be assigned it)."""
    return get_user_model().objects.filter(groups=review.group_id, is_active=True)


def assign_review(review, user, assignee, *, now=None):
    """Assign expert ``review`` to ``assignee`` (a username, or ``"me"``), a member of its body,
    as a member of that body; logged in the dossier's history as ``assign_<body>_review``."""
    from workflows.models import ExpertReview
    from workflows.models.review import body_member
    from workflows.transitions import review_log_name

    if not access.can_view_review(user, review):
        raise NotVisible
    if not body_member(review, user):
        raise NotPermitted(_("Only the members of the reviewing body may assign its review."))
    now = now or timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=review.dossier_id)
        locked = (
            ExpertReview.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=review.pk)
        )
        if not locked.is_running:
            raise Conflict(
                _("This review is “%(state)s”: it can no longer be assigned.")
                % {"state": locked.get_state_display()}
            )
        member = _member(review_members(locked), assignee, user)
        locked.assignee = member
        locked.save(update_fields=["assignee"])
        DossierTransition.objects.create(
            dossier=dossier,
            transition=review_log_name(ASSIGN, locked.body),
            source=dossier.state,
            target=dossier.state,
            actor=user,
            at=now,
            comment=member.username,
        )
        if member.pk != user.pk:
            transaction.on_commit(
                lambda: _notify_assignee(dossier.pk, member.pk, review_id=locked.pk)
            )
    locked.dossier = review.dossier
    return locked


def sees_assignments(user, dossier):
    """Who is assigned what is the reviewers' own organisation: hidden from the applicant."""
    if user.is_superuser:
        return True
    return is_reviewer(user) and access.ACT_AS_APPLICANT not in access.perms_for(user, dossier)


def describe_assignments(rows):
    """Give each assignment row of a history ``assigned_text`` ("Assigned to X"), reading the
    assignees' names in one query."""
    from workflows.models import ReviewBody

    rows = list(rows)
    usernames = {row.comment for row in rows if row.transition.startswith(ASSIGN)}
    names = {}
    if usernames:
        for member in get_user_model().objects.filter(username__in=usernames):
            names[member.username] = member.display_name
    for row in rows:
        if row.transition == ASSIGN:
            row.assigned_text = _("Assigned to %(name)s") % {
                "name": names.get(row.comment, row.comment)
            }
        elif row.transition.startswith(f"{ASSIGN}_"):
            body = row.transition.removeprefix(f"{ASSIGN}_").removesuffix("_review")
            label = ReviewBody(body).label if body in ReviewBody.values else body
            row.assigned_text = _("Review of %(body)s assigned to %(name)s") % {
                "body": label,
                "name": names.get(row.comment, row.comment),
            }
    return rows


def release_stale_assignment(dossier):
    """A dossier that moved to another group's hands is no longer assigned to the last one."""
    if dossier.assignee_id and not acting_members(dossier).filter(pk=dossier.assignee_id).exists():
        Dossier.objects.filter(pk=dossier.pk).update(assignee=None)
        forget_counts()
        dossier.assignee = None


def _notify_assignee(dossier_id, user_id, review_id=None):
    from workflows.tasks import notify_assignee

    notify_assignee.enqueue(dossier_id, user_id, review_id)


# Private notes ---------------------------------------------------------------------------------


def may_see_notes(user, dossier):
    """Reviewers who may see the dossier, never its applicants; on a confidential procedure
    only the hub and the bodies of its reviews (the confidential review's parties)."""
    if not access.can_view(user, dossier):
        return False
    if user.is_superuser:
        return True
    if access.ACT_AS_APPLICANT in access.perms_for(user, dossier) or not is_reviewer(user):
        return False
    if not procedure_of(dossier).confidential:
        return True
    parties = {review.group.name for review in dossier.reviews.select_related("group")}
    if dossier.hub_id:
        parties.add(dossier.hub.group.name)
    return bool(parties & user_roles(user))


def notes_for(user, dossier):
    """The dossier's private notes, with their files, if ``user`` may read them; ``None``
    otherwise (404)."""
    if not may_see_notes(user, dossier):
        return None
    return list(dossier.notes.select_related("author").prefetch_related("files"))


def add_note(dossier, user, body, files=()):
    """A private note and its enclosed files: every file is checked before anything is saved."""
    if not may_see_notes(user, dossier):
        raise NotVisible
    body, checked = uploads.check_text_with_files(
        body, files, max_length=NOTE_MAX_LENGTH, empty_message=_("Write a note.")
    )
    with transaction.atomic():
        note = DossierNote.objects.create(dossier=dossier, author=user, body=body)
        EnclosedFile.enclose(checked, dossier=dossier, uploaded_by=user, note=note)
    return note


def file_for(user, dossier, pk):
    """File ``pk`` enclosed with a note, message or correction request of ``dossier``, if
    ``user`` may download it (a note's only by who may read the note); else ``None`` (404)."""
    if not str(pk).isdigit():
        return None
    enclosed = EnclosedFile.objects.filter(dossier=dossier, pk=pk).first()
    if enclosed is None or not access.can_view(user, dossier):
        return None
    if enclosed.is_private and not may_see_notes(user, dossier):
        return None
    return enclosed


# Versions --------------------------------------------------------------------------------------


def _snapshot(dossier):
    fields = {name: getattr(dossier, name) for name in VERSIONED_FIELDS[:8]}
    fields["region"] = dossier.region.name
    fields["recommendations"] = ", ".join(
        str(number) for number in dossier.recommendations.values_list("number", flat=True)
    )
    files = [
        f"{name} ({size} o)"
        for name, size in dossier.attachments.filter(kind="document").values_list("name", "size")
    ]
    return fields, files


def freeze_version(dossier, now):
    """Called by ``services.perform`` inside the submit or resubmit transaction."""
    fields, files = _snapshot(dossier)
    number = dossier.versions.count() + 1
    return DossierVersion.objects.create(
        dossier=dossier, number=number, submitted_at=now, fields=fields, files=files
    )


def _value(version, name):
    if name == "files":
        return "\n".join(version.files)
    return version.fields.get(name) or ""


def changes(older, newer):
    """Field by field, what differs between two versions: name → {"old", "new"}."""
    if older is None:
        return {}
    found = {}
    for name in VERSIONED_FIELDS:
        old, new = _value(older, name), _value(newer, name)
        if old != new:
            found[name] = {"old": old, "new": new}
    return found


def versions_with_changes(dossier):
    """Each version with ``changes`` from the one before it."""
    versions = list(dossier.versions.all())
    previous = None
    for version in versions:
        version.changes = changes(previous, version)
        previous = version
    return versions


def field_label(name):
    if name == "files":
        return _("Documents")
    return str(Dossier._meta.get_field(name).verbose_name)


# Batch actions ---------------------------------------------------------------------------------


def run_batch(user, action, pks, *, assignee=None):
    """Apply ``action`` to each visible dossier of ``pks`` as a single action would; return
    (succeeded, failed) where failed pairs a dossier (or its id) with the reason."""
    from workflows import selectors

    succeeded, failed = [], []
    for pk in pks:
        dossier = selectors.dossier_for(user, pk)
        if dossier is None:
            failed.append((pk, _("No such dossier.")))
            continue
        try:
            if action == "take_charge":
                dossier = services.perform(dossier, "take_charge", user)
            elif action == "assign":
                dossier = assign(dossier, user, assignee)
            succeeded.append(dossier)
        except DomainError as error:
            reason = error.message
            if isinstance(error, InvalidInput) and error.errors:
                reason = " ".join(str(m) for messages in error.errors.values() for m in messages)
            failed.append((dossier, reason))
    return succeeded, failed
