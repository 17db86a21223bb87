"""Account forms: the extra sign-up question, the account page's public name, deletion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models.accounts import PUBLIC_NAME_MAX_LENGTH

PUBLIC_NAME_HELP = _(
    "This name is public: it is shown next to your comments, to everyone. Use a pseudonym if "
    "you prefer. Your login and your email address are never shown."
)


class PublicNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Public name"),
            max_length=PUBLIC_NAME_MAX_LENGTH,
            help_text=PUBLIC_NAME_HELP,
            **kwargs,
        )

    def clean(self, value):
        value = " ".join(super().clean(value).split())
        if not value:
            raise forms.ValidationError(_("Choose the name shown on your comments."))
        return value


class SignupForm(forms.Form):
    """allauth's sign-up form gains this field (ACCOUNT_SIGNUP_FORM_CLASS)."""

    public_name = PublicNameField()

    def signup(self, request, user):
        user.public_name = self.cleaned_data["public_name"]
        user.save(update_fields=["public_name"])


class PublicNameForm(forms.Form):
    public_name = PublicNameField()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed unless you have just confirmed your identity again."),
    )
