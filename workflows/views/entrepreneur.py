"""The entrepreneur space (/dossiers/): my dossiers, my organisation and who joins it, the form."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.errors import DomainError
from workflows import access, company_directory, membership, selectors, services
from workflows.forms import CompanyLookupForm, DossierForm, InvitationForm, OrganisationForm
from workflows.models import (
    InvitationState,
    JoinRequest,
    JoinRequestState,
    MemberRole,
    Membership,
    Organisation,
)
from workflows.views.common import paginate, raise_for, visible_dossier_or_404


def my_dossiers(request):
    """Visitors read how to file a dossier; signed-in people get their space."""
    if not request.user.is_authenticated:
        return TemplateResponse(request, "workflows/welcome.html")
    dossiers = selectors.applicant_dossiers(request.user).order_by("-created_at", "-pk")
    page = paginate(request, dossiers)
    access.prefetch_perms(request.user, page.object_list)
    return TemplateResponse(
        request,
        "workflows/my_dossiers.html",
        _space_context(
            request.user, page=page, follow_ups=list(selectors.follow_ups_for(request.user))
        ),
    )


def _space_context(user, **overrides):
    own = Membership.objects.select_related("organisation__region").filter(user=user).first()
    organisation = own.organisation if own else None
    is_owner = own is not None and own.role == MemberRole.OWNER
    context = {
        "page": None,
        "organisation": organisation,
        "members": list(organisation.memberships.select_related("user")) if organisation else [],
        "lookup_form": CompanyLookupForm() if organisation is None else None,
        "organisation_form": None,
        "invitation_form": InvitationForm() if is_owner else None,
        "join_requests": list(
            organisation.join_requests.filter(state=JoinRequestState.PENDING).select_related("user")
        )
        if is_owner
        else [],
        "invitations": [] if organisation else list(membership.pending_invitations_for(user)),
        "my_join_requests": []
        if organisation
        else list(
            JoinRequest.objects.filter(user=user, state=JoinRequestState.PENDING).select_related(
                "organisation"
            )
        ),
        "may_create": services.may_create(user),
    }
    context.update(overrides)
    return context


def _space(request, status=400, **overrides):
    return TemplateResponse(
        request,
        "workflows/my_dossiers.html",
        _space_context(request.user, page=paginate(request, []), **overrides),
        status=status,
    )


def _add_errors(form, error):
    for field, errors in error.errors.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_POST
def invite_co_editor(request):
    if membership.owned_organisation(request.user) is None:
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _space(request, invitation_form=form)
    membership.invite(request.user, form.cleaned_data["email"])
    # The same answer whether the address has an account or not: no account enumeration.
    messages.success(
        request,
        _("An invitation was sent to %(email)s. It is valid for %(days)s days.")
        % {"email": form.cleaned_data["email"], "days": settings.INVITATION_LIFETIME_DAYS},
    )
    return redirect("workflows:my-dossiers")


@login_required
@require_POST
def declare_organisation(request):
    """Two steps: the SIRET is looked up in the directory, then the pre-filled company confirmed."""
    if services.organisation_of(request.user) is not None:
        raise PermissionDenied
    if request.POST.get("step") == "confirm":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                membership.create_organisation(request.user, **form.cleaned_data)
            except DomainError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your organisation is registered."))
                return redirect("workflows:my-dossiers")
        return _space(request, lookup_form=None, organisation_form=form)
    lookup_form = CompanyLookupForm(request.POST)
    if not lookup_form.is_valid():
        return _space(request, lookup_form=lookup_form)
    siret = lookup_form.cleaned_data["siret"]
    if Organisation.objects.filter(siret=siret).exists():
        return _space(request, status=200, lookup_form=lookup_form, registered_siret=siret)
    initial = {"siret": siret}
    directory_message = None
    try:
        company = company_directory.lookup(siret)
    except company_directory.DirectoryUnavailable:
        directory_message = _(
            "The company directory is not answering right now. Enter your company's details "
            "below: your regional hub will check them."
        )
    except company_directory.CompanyNotFound:
        directory_message = _(
            "The company directory knows no establishment with this SIRET number. Check the "
            "number, or enter your company's details below."
        )
    else:
        initial.update(company.as_dict())
    return _space(
        request,
        status=200,
        lookup_form=None,
        organisation_form=OrganisationForm(initial=initial),
        directory_message=directory_message,
    )


@login_required
@require_POST
def join_organisation(request):
    form = CompanyLookupForm(request.POST)
    if form.is_valid():
        try:
            membership.request_to_join(request.user, form.cleaned_data["siret"])
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your request was sent to the organisation's owner, who will answer.")
            )
            return redirect("workflows:my-dossiers")
    return _space(request, lookup_form=form)


@login_required
@require_POST
def decide_join_request(request, pk):
    accept = request.POST.get("decision") == "accept"
    try:
        join_request = membership.decide_join_request(request.user, pk, accept=accept)
    except DomainError as error:
        raise_for(error)
        messages.error(request, error.message)
    else:
        template = (
            _("%(name)s now works on your dossiers.")
            if accept
            else _("The request of %(name)s is refused.")
        )
        messages.success(request, template % {"name": join_request.user.display_name})
    return redirect("workflows:my-dossiers")


@login_required
def invitations(request):
    """The invitations waiting for me, sent to any of my confirmed addresses."""
    return TemplateResponse(
        request,
        "workflows/invitations.html",
        {
            "invitations": list(membership.pending_invitations_for(request.user)),
            "organisation": services.organisation_of(request.user),
        },
    )


def invitation(request, token):
    """The link in the invitation email: who invites, and the two answers."""
    try:
        invitation = membership.invitation_by_token(token)
    except DomainError as error:
        raise Http404 from error
    context = {"invitation": invitation}
    if not request.user.is_authenticated:
        return TemplateResponse(request, "workflows/invitation.html", context)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        answer = membership.accept_invitation if accept else membership.decline_invitation
        try:
            answered = answer(token, request.user)
        except DomainError as error:
            raise_for(error)
            messages.error(request, error.message)
        else:
            if answered.state == InvitationState.ACCEPTED:
                messages.success(
                    request,
                    _("You now work on the dossiers of %(name)s.")
                    % {"name": answered.organisation.name},
                )
            else:
                messages.info(request, _("Invitation declined: nothing was shared with you."))
        return redirect("workflows:my-dossiers")
    context["organisation"] = services.organisation_of(request.user)
    return TemplateResponse(request, "workflows/invitation.html", context)


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
