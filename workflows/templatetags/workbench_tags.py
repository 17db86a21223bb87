"""The dossier page's workbench panels (assignment, private notes, versions), drawn by one tag
so the page carries a single line for them."""

from django import template

from workflows import routing, workbench
from workflows.forms import AssignmentForm, NoteForm
from workflows.models.review import body_member

register = template.Library()


@register.inclusion_tag("workflows/includes/workbench_panels.html", takes_context=True)
def workbench_panels(context, dossier):
    user = context["request"].user
    notes = workbench.notes_for(user, dossier)
    may_assign = notes is not None and workbench._acts_now(user, dossier)
    members = list(workbench.acting_members(dossier).order_by("username")) if may_assign else []
    return {
        "dossier": dossier,
        "ns": context.get("ns", "instruction"),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "show": notes is not None,
        "notes": notes or [],
        "note_form": context.get("note_form") or NoteForm(),
        "assignment_form": AssignmentForm(members=members, initial={"assignee": user.username})
        if members
        else None,
        "acting_groups": routing.acting_groups(dossier)[0] if notes is not None else [],
        "versions": list(dossier.versions.all()) if notes is not None else [],
    }


@register.inclusion_tag("workflows/includes/review_assignment_panel.html", takes_context=True)
def review_assignment(context, review):
    """Who the expert review is assigned to; the form to (re)assign it, for its body."""
    user = context["request"].user
    members = []
    if body_member(review, user):
        members = list(workbench.review_members(review).order_by("username"))
    form = None
    if members:
        form = AssignmentForm(
            members=members,
            prefix=f"review{review.pk}",
            initial={"assignee": review.assignee.username if review.assignee else user.username},
        )
    return {
        "review": review,
        "dossier": context["dossier"],
        "ns": context.get("ns", "instruction"),
        "csrf_token": context.get("csrf_token"),
        "form": form,
    }
