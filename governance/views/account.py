"""Mon compte (/compte/): the public name, the data export and the account's deletion.

One page; other parts of the platform add their sections to it with an include
(``templates/account/my_account.html``).
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from governance import personal_data
from governance.forms import DeleteAccountForm, PublicNameForm


def _page(request, status=200, **forms):
    context = {
        "public_name_form": PublicNameForm(initial={"public_name": request.user.public_label}),
        "delete_form": DeleteAccountForm(),
        **forms,
    }
    return TemplateResponse(request, "account/my_account.html", context, status=status)


@never_cache
@login_required
def my_account(request):
    if request.method != "POST":
        return _page(request)
    form = PublicNameForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, public_name_form=form)
    request.user.public_name = form.cleaned_data["public_name"]
    request.user.save(update_fields=["public_name"])
    messages.success(request, _("Your public name is saved."))
    return redirect("my-account")


@never_cache
@login_required
def export(request):
    """Download everything the platform holds about me, as JSON."""
    document = personal_data.export_user(request.user)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
    return response


@never_cache
@login_required
@require_POST
def delete(request):
    form = DeleteAccountForm(request.POST)
    if form.is_valid() and personal_data.identity_confirmed(request, form.cleaned_data["password"]):
        personal_data.erase_user(request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("/")
    form.add_error("password", _("Your password is not correct."))
    return _page(request, status=400, delete_form=form)
