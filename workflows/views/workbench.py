"""The dossier page's workbench actions: assign, write a private note, compare versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.errors import DomainError
from workflows import selectors, workbench
from workflows.forms import NoteForm
from workflows.views.common import add_service_errors, raise_for, visible_dossier_or_404
from workflows.views.dossier import _render as dossier_page


def _back(request):
    return redirect(request.path.rsplit("/", 2)[0] + "/")


@login_required
@require_POST
def assign(request, pk):
    dossier = visible_dossier_or_404(request.user, pk)
    try:
        dossier = workbench.assign(dossier, request.user, request.POST.get("assignee"))
    except DomainError as error:
        raise_for(error)
        messages.error(request, " ".join(str(m) for ms in error.errors.values() for m in ms))
        return _back(request)
    messages.success(
        request,
        _("The dossier is now assigned to %(name)s.") % {"name": dossier.assignee.display_name},
    )
    return _back(request)


@login_required
@require_POST
def assign_review(request, pk, review_pk):
    """Assign an expert review from its card on the dossier page (its body's members)."""
    dossier = visible_dossier_or_404(request.user, pk)
    review = selectors.review_for(request.user, review_pk)
    if review is None or review.dossier_id != dossier.pk:
        raise Http404
    prefix = f"review{review.pk}-"
    assignee = request.POST.get("assignee") or request.POST.get(f"{prefix}assignee")
    back = redirect(request.path.rsplit("/", 4)[0] + f"/#review{review.pk}-assignment")
    try:
        review = workbench.assign_review(review, request.user, assignee)
    except DomainError as error:
        raise_for(error)
        messages.error(
            request, " ".join(str(m) for ms in error.errors.values() for m in ms) or error.message
        )
        return back
    messages.success(
        request,
        _("The review of %(body)s is now assigned to %(name)s.")
        % {"body": review.get_body_display(), "name": review.assignee.display_name},
    )
    return back


@login_required
@require_POST
def add_note(request, pk):
    """A private note with its files; refused, the page shows the form again with its errors
    (a file input cannot be refilled: the files are chosen again)."""
    dossier = visible_dossier_or_404(request.user, pk)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            workbench.add_note(
                dossier, request.user, form.cleaned_data["body"], form.cleaned_data["files"]
            )
        except DomainError as error:
            raise_for(error)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your private note is saved; the applicant does not see it.")
            )
            return redirect(request.path.rsplit("/", 2)[0] + "/#notes")
    if not workbench.may_see_notes(request.user, dossier):
        raise Http404
    response = dossier_page(request, dossier, status=400)
    response.context_data["note_form"] = form
    return response


@login_required
def compare_versions(request, pk):
    """What changed between two filed versions, field by field (``de`` and ``a``)."""
    dossier = visible_dossier_or_404(request.user, pk)
    versions = list(dossier.versions.all())
    if not versions:
        raise Http404
    by_number = {version.number: version for version in versions}

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    newer = pick("a", versions[-1])
    older = pick("de", by_number.get(newer.number - 1) if newer else None)
    if newer is None:
        raise Http404
    changes = workbench.changes(older, newer) if older else {}
    rows = [{"label": workbench.field_label(name), **change} for name, change in changes.items()]
    return TemplateResponse(
        request,
        "workflows/dossier_versions.html",
        {
            "dossier": dossier,
            "versions": versions,
            "older": older,
            "newer": newer,
            "rows": rows,
            "ns": request.resolver_match.namespace,
        },
    )
