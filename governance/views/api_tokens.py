"""Mon compte, API tokens (/compte/jetons/): list, create (shown once), revoke."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from governance import api_tokens
from governance.forms import ApiTokenForm
from governance.staff_mfa import session_passed_mfa
from governance.throttling import consume_shared_limit
from governance.views.system import rate_limited

NEW_KEY_SESSION_KEY = "governance.new_api_token"


@login_required
@require_http_methods(["GET", "POST"])
def api_token_list(request):
    mfa_passed = session_passed_mfa(request)
    needs_code = not mfa_passed and api_tokens.totp_of(request.user) is not None
    form = ApiTokenForm(request.POST or None, needs_code=needs_code)
    status = 200
    if request.method == "POST":
        # The same budget per account as the API's token endpoint: codes are not guessed here.
        if consume_shared_limit(request, "auth-token-account"):
            return rate_limited(request, None)
        if form.is_valid():
            try:
                _token, key = api_tokens.issue_token(
                    request.user,
                    otp=form.cleaned_data.get("otp", ""),
                    mfa_passed=mfa_passed,
                    name=form.cleaned_data["name"],
                )
            except api_tokens.TokenRefused as error:
                form.add_error("otp" if "otp" in form.fields else None, str(error))
            else:
                # Shown once, on the next page, then forgotten: only its hash is kept.
                request.session[NEW_KEY_SESSION_KEY] = key
                return HttpResponseRedirect(reverse("account-api-tokens"))
        status = 400
    return TemplateResponse(
        request,
        "governance/account/api_tokens.html",
        {
            "form": form,
            "tokens": api_tokens.tokens_of(request.user),
            "new_key": request.session.pop(NEW_KEY_SESSION_KEY, None),
            "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
        },
        status=status,
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    if not api_tokens.revoke_token(request.user, pk):
        raise Http404
    messages.success(request, _("The token is revoked: it no longer opens the API."))
    return HttpResponseRedirect(reverse("account-api-tokens"))
