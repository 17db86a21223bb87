"""The entrepreneur space (/dossiers/): my dossiers, my organisation, the dossier form."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.access import visible_to
from governance.errors import DomainError, InvalidInput
from workflows import access, selectors, services
from workflows.forms import CoEditorForm, DossierForm, OrganisationForm
from workflows.models import MemberRole, Membership
from workflows.views.common import paginate, raise_for, visible_dossier_or_404


@login_required
def my_dossiers(request):
    dossiers = visible_to(
        request.user, "workflows.act_as_applicant", selectors.visible_dossiers(request.user)
    ).order_by("-created_at", "-pk")
    page = paginate(request, dossiers)
    access.prefetch_perms(request.user, page.object_list)
    return TemplateResponse(
        request, "workflows/my_dossiers.html", _space_context(request.user, page=page)
    )


def _space_context(user, **overrides):
    organisation = services.organisation_of(user)
    is_owner = (
        organisation is not None
        and Membership.objects.filter(user=user, role=MemberRole.OWNER).exists()
    )
    context = {
        "page": None,
        "organisation": organisation,
        "members": list(organisation.memberships.select_related("user")) if organisation else [],
        "organisation_form": OrganisationForm() if organisation is None else None,
        "co_editor_form": CoEditorForm() if is_owner else None,
        "may_create": services.may_create(user),
    }
    context.update(overrides)
    return context


@login_required
@require_POST
def invite_co_editor(request):
    organisation = services.organisation_of(request.user)
    if organisation is None:
        raise PermissionDenied
    form = CoEditorForm(request.POST)
    if form.is_valid():
        user_model = get_user_model()
        colleague = user_model.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        try:
            if colleague is None:
                raise InvalidInput(errors={"email": [_("No account uses this email address.")]})
            services.add_co_editor(organisation, request.user, colleague)
        except DomainError as error:
            raise_for(error)
            for messages_ in error.errors.values():
                for message in messages_:
                    form.add_error("email", message)
        else:
            messages.success(request, _("Your colleague can now work on your dossiers."))
            return redirect("workflows:my-dossiers")
    return TemplateResponse(
        request,
        "workflows/my_dossiers.html",
        _space_context(request.user, page=paginate(request, []), co_editor_form=form),
        status=400,
    )


@login_required
@require_POST
def create_organisation(request):
    if not services.may_create(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.create_organisation(request.user, **form.cleaned_data)
        except DomainError as error:
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Your organisation is registered."))
            return redirect("workflows:my-dossiers")
    return TemplateResponse(
        request,
        "workflows/my_dossiers.html",
        _space_context(request.user, page=paginate(request, []), organisation_form=form),
        status=400,
    )


@login_required
def new_dossier(request):
    if not services.may_create(request.user):
        raise PermissionDenied
    organisation = services.organisation_of(request.user)
    initial = {"region": organisation.region.slug} if organisation else {}
    form = DossierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        dossier = services.create_dossier(request.user, **data)
        messages.success(request, _("Draft saved. Complete it, then submit it."))
        return redirect(dossier.get_absolute_url())
    return TemplateResponse(
        request,
        "workflows/dossier_form.html",
        {"form": form, "dossier": None},
        status=400 if form.errors else 200,
    )


@login_required
def edit_dossier(request, pk):
    dossier = visible_dossier_or_404(request.user, pk)
    if access.ACT_AS_APPLICANT not in access.perms_for(request.user, dossier):
        raise PermissionDenied
    if not dossier.is_editable:
        messages.error(request, _("This dossier can no longer be edited."))
        return redirect(dossier.get_absolute_url())
    form = DossierForm(
        request.POST or None, instance=dossier, locked_region=dossier.state != "draft"
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        data["recommendations"] = form.cleaned_data["recommendations"]
        if dossier.state != "draft":
            data.pop("region", None)
        try:
            services.update_dossier(dossier, request.user, **data)
        except DomainError as error:
            raise_for(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("Changes saved."))
        return redirect(dossier.get_absolute_url())
    return TemplateResponse(
        request,
        "workflows/dossier_form.html",
        {"form": form, "dossier": dossier},
        status=400 if form.errors else 200,
    )
