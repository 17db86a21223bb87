from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    """Create a token from "Mon compte"; the code is asked only when the session lacks MFA."""

    name = forms.CharField(
        label=_("Name of the token"),
        help_text=_("To recognise it later, for example the script that uses it."),
        max_length=100,
        required=False,
    )
    otp = forms.CharField(
        label=_("Code of your authenticator app"),
        help_text=_("Six digits, as when you sign in."),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, needs_code, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["otp"]
