"""The dossier page, shared by the applicant and the reviewers, and the actions posted from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.errors import Conflict, DomainError, InvalidInput
from workflows import access, letters, selectors, services, workbench
from workflows.forms import AttachmentForm, MessageForm, TransitionForm
from workflows.models import DossierState, ReviewOpinion
from workflows.procedures import procedure_of
from workflows.transitions import REVIEW_TRANSITIONS, TRANSITIONS, resolve
from workflows.views.common import add_service_errors, raise_for, visible_dossier_or_404

# Session key of a refused transition form, shown once on the dossier page after the redirect.
REFUSED_FORM = "workflows.refused_transition_form"


def _review_prefix(review, name):
    return f"review{review.pk}-{name}"


def _keep_refused_form(request, dossier, prefix, error):
    """Remember what was typed and why it was refused, for the page the browser is sent back
    to (post/redirect/get: reloading it never re-posts nor answers 405)."""
    data = {key: request.POST.getlist(key) for key in request.POST if key.startswith(prefix)}
    errors = {
        field: [str(message) for message in messages_] for field, messages_ in error.errors.items()
    }
    request.session[REFUSED_FORM] = {
        "dossier": dossier.pk,
        "prefix": prefix,
        "data": data,
        "errors": errors,
        "message": str(error.message),
    }
    messages.error(request, error.message)


def _transition_form(spec, refused, **kwargs):
    """A blank form, or the refused one again with its input and errors."""
    prefix = kwargs.get("prefix") or spec.name
    if refused is None or refused["prefix"] != prefix:
        return TransitionForm(spec, **kwargs)
    form = TransitionForm(spec, MultiValueDict(refused["data"]), **kwargs)
    form.is_valid()
    # The service's refusal is the one shown: the form's own checks would repeat it in other words.
    form.errors.clear()
    form.add_service_errors(refused["errors"])
    if not refused["errors"]:
        form.add_error(None, refused["message"])
    return form


def _review_forms(request, dossier, reviews, refused):
    """Each visible review with the forms of the review transitions the user may perform."""
    ns = request.resolver_match.namespace
    procedure = procedure_of(dossier)
    for review in reviews:
        review.forms = [
            _transition_form(
                REVIEW_TRANSITIONS[name],
                refused,
                scale=procedure.review_for(review.body).scale,
                prefix=_review_prefix(review, name),
                action=reverse(f"{ns}:review-transition", args=[dossier.pk, review.pk, name]),
            )
            for name in services.available_review_transitions(review, request.user)
        ]
    return reviews


def _refused_form(request, dossier):
    refused = request.session.get(REFUSED_FORM)
    if refused is None or refused.get("dossier") != dossier.pk:
        return None
    del request.session[REFUSED_FORM]
    return refused


def _render(request, dossier, *, status=200, attachment_form=None, message_form=None):
    """The dossier page, with a transition form refused just before shown again."""
    user = request.user
    perms = access.perms_for(user, dossier)
    refused = _refused_form(request, dossier)
    forms = [
        _transition_form(TRANSITIONS[name], refused)
        for name in services.available_transitions(dossier, user)
    ]
    is_applicant = access.ACT_AS_APPLICANT in perms
    detail = selectors.detail(dossier, user)
    _review_forms(request, dossier, detail["reviews"], refused)
    # The applicant's answer to an open correction leads the page, next to its request.
    open_correction = next((c for c in detail["corrections"] if c.is_open), None)
    answer_form = None
    if is_applicant and open_correction is not None:
        answer_form = next((f for f in forms if f.spec.name == "resubmit"), None)
        forms = [f for f in forms if f is not answer_form]
    context = {
        "dossier": dossier,
        "procedure": procedure_of(dossier),
        "transition_forms": forms,
        "answer_form": answer_form,
        "open_correction": open_correction,
        "is_applicant": is_applicant,
        "is_reviewer": bool(perms - {access.VIEW, access.ACT_AS_APPLICANT}) or user.is_superuser,
        "attachment_form": attachment_form
        or (AttachmentForm() if is_applicant and not dossier.is_final else None),
        "message_form": message_form or MessageForm(),
        "missing_fields": [
            dossier._meta.get_field(name).verbose_name for name in dossier.missing_fields()
        ]
        if is_applicant and dossier.is_editable
        else [],
        "decision_summary": letters.decision_summary(detail["decision"])
        if detail["decision"]
        else None,
        "from_instruction": request.resolver_match.namespace == "instruction",
        "ns": request.resolver_match.namespace,
        **detail,
    }
    return TemplateResponse(request, "workflows/dossier_detail.html", context, status=status)


@login_required
def dossier_detail(request, pk):
    return _render(request, visible_dossier_or_404(request.user, pk))


def _confirmation(request, dossier, spec, inputs, prefix, scale=()):
    """The server-side confirmation step of a final action (the page without JavaScript, or
    any post that lacks the modal's ``confirmed``): the same inputs, posted again once
    confirmed. A chosen file cannot travel in the page: its field is offered again."""
    upload = inputs.get("file")
    hidden = [(f"{prefix}-{key}", value) for key, value in inputs.items() if isinstance(value, str)]
    opinion = inputs.get("opinion")
    context = {
        "dossier": dossier,
        "spec": spec,
        "hidden": hidden,
        "comment": inputs.get("comment") or "",
        "opinion": ReviewOpinion(opinion).label if opinion in ReviewOpinion.values else "",
        "file_field": TransitionForm(spec, scale=scale, prefix=prefix)["file"]
        if spec.takes_file
        else None,
        "chosen_file": upload.name if upload else "",
        "action": request.path,
        "back": _dossier_url(request, dossier.pk),
    }
    return TemplateResponse(request, "workflows/confirm_transition.html", context)


def _needs_confirmation(request, spec):
    return spec.needs_confirmation and request.POST.get("confirmed") != "1"


def _dossier_url(request, pk, anchor=""):
    return reverse(f"{request.resolver_match.namespace}:dossier", args=[pk]) + anchor


def _refused(request, dossier, error, prefix, anchor):
    """Back to the dossier page whatever the refusal (post/redirect/get: a reload never
    re-posts nor lands on a POST-only address): a refused form comes back with its input and
    errors; an action no longer possible says so and shows the dossier as it now is."""
    raise_for(error)
    if isinstance(error, InvalidInput):
        _keep_refused_form(request, dossier, prefix, error)
        return redirect(_dossier_url(request, dossier.pk, anchor))
    if error.message is Conflict.default_message:
        fresh = visible_dossier_or_404(request.user, dossier.pk)
        text = _(
            "Nothing was applied: this action is no longer possible (someone else may have "
            "acted on the dossier in the meantime). It is now “%(state)s”; the page shows what "
            "can still be done."
        ) % {"state": fresh.get_state_display()}
    else:
        text = _("Nothing was applied: %(reason)s The page shows what can still be done.") % {
            "reason": error.message
        }
    messages.error(request, text)
    return redirect(_dossier_url(request, dossier.pk))


@login_required
@require_POST
def perform_transition(request, pk, name):
    dossier = visible_dossier_or_404(request.user, pk)
    spec = resolve(name)
    if spec is None:
        raise Http404
    name = spec.name
    inputs = {key: request.POST.get(f"{name}-{key}") for key in ("comment", "to", "reason")}
    inputs.update(spec.uploaded(request.FILES, name))
    try:
        if _needs_confirmation(request, spec) and name in services.available_transitions(
            dossier, request.user
        ):
            spec.clean(inputs)
            return _confirmation(request, dossier, spec, inputs, name)
        dossier = services.perform(dossier, name, request.user, **inputs)
    except DomainError as error:
        return _refused(request, dossier, error, name, f"#action-{name}")
    messages.success(request, spec.done_text(dossier))
    return redirect(_dossier_url(request, pk))


@login_required
@require_POST
def perform_review_transition(request, pk, review_pk, name):
    """A review transition posted from the dossier page by a member of the review's body."""
    dossier = visible_dossier_or_404(request.user, pk)
    review = selectors.review_for(request.user, review_pk)
    spec = REVIEW_TRANSITIONS.get(name)
    if review is None or review.dossier_id != dossier.pk or spec is None:
        raise Http404
    prefix = _review_prefix(review, name)
    inputs = {key: request.POST.get(f"{prefix}-{key}") for key in ("comment", "opinion")}
    inputs["file"] = request.FILES.get(f"{prefix}-file")
    try:
        if _needs_confirmation(request, spec) and name in services.available_review_transitions(
            review, request.user
        ):
            scale = procedure_of(dossier).review_for(review.body).scale
            spec.clean(inputs, scale=scale)
            return _confirmation(request, dossier, spec, inputs, prefix, scale)
        services.perform_review(review, name, request.user, **inputs)
    except DomainError as error:
        return _refused(request, dossier, error, prefix, f"#{prefix}-title")
    dossier.refresh_from_db(fields=["state"])  # the last review moves the dossier on
    messages.success(request, spec.done_text(dossier))
    return redirect(_dossier_url(request, pk, "#reviews"))


@login_required
@require_POST
def upload_attachment(request, pk):
    dossier = visible_dossier_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(dossier, request.user, form.cleaned_data["file"])
        except DomainError as error:
            raise_for(error)
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error("file" if field == "file" else None, message)
            if not error.errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Document added."))
            open_correction = dossier.state == DossierState.CORRECTION_REQUESTED
            anchor = "#action-required" if open_correction else "#documents"
            return redirect(dossier.get_absolute_url() + anchor)
    return _render(request, dossier, status=400, attachment_form=form)


@login_required
def download_attachment(request, pk, attachment_pk):
    """The file, always as a download of the type detected at upload, never rendered inline."""
    dossier = visible_dossier_or_404(request.user, pk)
    attachment = dossier.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return _private_download(attachment.file, attachment.name, attachment.content_type)


@login_required
def download_review_file(request, pk, review_pk):
    """An expert review's file, to those who may see that review (confidential ones included)."""
    dossier = visible_dossier_or_404(request.user, pk)
    review = selectors.review_for(request.user, review_pk)
    if review is None or review.dossier_id != dossier.pk or not review.file:
        raise Http404
    return _private_download(review.file, review.file_name, review.file_content_type)


def _private_download(file, name, content_type):
    """A stored private file as a download of the type detected at upload, never cached."""
    try:
        handle = file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def download_enclosed_file(request, pk, file_pk):
    """A file enclosed with a message or a correction request (whoever sees the dossier), or
    with a private note (only who may read the note: the applicant gets 404)."""
    dossier = visible_dossier_or_404(request.user, pk)
    enclosed = workbench.file_for(request.user, dossier, file_pk)
    if enclosed is None:
        raise Http404
    return _private_download(enclosed.file, enclosed.name, enclosed.content_type)


@login_required
@require_POST
def post_message(request, pk):
    dossier = visible_dossier_or_404(request.user, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_message(
                dossier, request.user, form.cleaned_data["body"], form.cleaned_data["files"]
            )
        except DomainError as error:
            raise_for(error)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Message sent."))
            return redirect(dossier.get_absolute_url() + "#messages")
    return _render(request, dossier, status=400, message_form=form)
