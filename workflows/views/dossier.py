"""The dossier page, shared by the applicant and the reviewers, and the actions posted from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.errors import DomainError, InvalidInput
from workflows import access, selectors, services
from workflows.forms import AttachmentForm, MessageForm, TransitionForm
from workflows.procedures import procedure_of
from workflows.transitions import REVIEW_TRANSITIONS, TRANSITIONS, resolve
from workflows.views.common import raise_for, visible_dossier_or_404


def _review_prefix(review, name):
    return f"review{review.pk}-{name}"


def _review_forms(request, dossier, reviews, bound):
    """Each visible review with the forms of the review transitions the user may perform."""
    ns = request.resolver_match.namespace
    procedure = procedure_of(dossier)
    for review in reviews:
        review.forms = []
        for name in services.available_review_transitions(review, request.user):
            prefix = _review_prefix(review, name)
            if bound is not None and bound.prefix == prefix:
                review.forms.append(bound)
                continue
            review.forms.append(
                TransitionForm(
                    REVIEW_TRANSITIONS[name],
                    scale=procedure.review_for(review.body).scale,
                    prefix=prefix,
                    action=reverse(f"{ns}:review-transition", args=[dossier.pk, review.pk, name]),
                )
            )
    return reviews


def _render(request, dossier, *, status=200, bound=None, attachment_form=None, message_form=None):
    """The dossier page; ``bound`` is a transition form carrying errors to show."""
    user = request.user
    perms = access.perms_for(user, dossier)
    forms = []
    for name in services.available_transitions(dossier, user):
        if bound is not None and bound.prefix == name:
            forms.append(bound)
        else:
            forms.append(TransitionForm(TRANSITIONS[name]))
    is_applicant = access.ACT_AS_APPLICANT in perms
    detail = selectors.detail(dossier, user)
    _review_forms(request, dossier, detail["reviews"], bound)
    context = {
        "dossier": dossier,
        "procedure": procedure_of(dossier),
        "transition_forms": forms,
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
        "from_instruction": request.resolver_match.namespace == "instruction",
        "ns": request.resolver_match.namespace,
        **detail,
    }
    return TemplateResponse(request, "workflows/dossier_detail.html", context, status=status)


@login_required
def dossier_detail(request, pk):
    return _render(request, visible_dossier_or_404(request.user, pk))


@login_required
@require_POST
def perform_transition(request, pk, name):
    dossier = visible_dossier_or_404(request.user, pk)
    spec = resolve(name)
    if spec is None:
        raise Http404
    name = spec.name
    inputs = {key: request.POST.get(f"{name}-{key}") for key in ("comment", "to", "reason")}
    try:
        services.perform(dossier, name, request.user, **inputs)
    except DomainError as error:
        raise_for(error)
        if isinstance(error, InvalidInput):
            form = TransitionForm(spec, request.POST)
            form.is_valid()
            form.add_service_errors(error.errors)
            if not error.errors:
                form.add_error(None, error.message)
            messages.error(request, error.message)
            return _render(request, dossier, status=400, bound=form)
        messages.error(request, error.message)
        fresh = visible_dossier_or_404(request.user, pk)
        return _render(request, fresh, status=error.status)
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect(request.path.rsplit("/transitions/", 1)[0] + "/")


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
        services.perform_review(review, name, request.user, **inputs)
    except DomainError as error:
        raise_for(error)
        if isinstance(error, InvalidInput):
            form = TransitionForm(
                spec,
                request.POST,
                request.FILES,
                scale=procedure_of(dossier).review_for(review.body).scale,
                prefix=prefix,
                action=request.path,
            )
            form.is_valid()
            form.add_service_errors(error.errors)
            if not error.errors:
                form.add_error(None, error.message)
            messages.error(request, error.message)
            return _render(request, dossier, status=400, bound=form)
        messages.error(request, error.message)
        return _render(request, visible_dossier_or_404(request.user, pk), status=error.status)
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect(reverse(f"{request.resolver_match.namespace}:dossier", args=[pk]) + "#reviews")


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
            return redirect(dossier.get_absolute_url() + "#documents")
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
@require_POST
def post_message(request, pk):
    dossier = visible_dossier_or_404(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(dossier, request.user, form.cleaned_data["body"])
        except DomainError as error:
            raise_for(error)
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Message sent."))
            return redirect(dossier.get_absolute_url() + "#messages")
    return _render(request, dossier, status=400, message_form=form)
