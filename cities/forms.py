from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import AccessRequest, City


class InvitationForm(forms.Form):
    """What an editor gives to invite an official."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The official signs in with it. An existing account is reused, never doubled."),
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())
    role = forms.CharField(
        label=_("Role"),
        max_length=120,
        required=False,
        help_text=_("For example: policy officer, diversity and inclusion team."),
    )


class AccessRequestForm(forms.ModelForm):
    """The public form with which someone asks to submit their city's practices."""

    # A field people never see: bots that fill in every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AccessRequest
        fields = ["name", "email", "organisation", "role", "city", "city_name", "message"]
        labels = {"name": _("Your name"), "email": _("Your work email address")}
        help_texts = {
            "email": _(
                "You will sign in with it. We write to it only when an editor has answered."
            ),
            "organisation": _("The city administration or body you work for."),
            "role": _("For example: policy officer for integration."),
            "city_name": _("Only if your city is not in the list above."),
            "message": _(
                "Optional: what you would like to share, or anything the editors should know."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.order_by("name")
        self.fields["city"].empty_label = _("— my city is not in the list —")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("city") and not (cleaned.get("city_name") or "").strip():
            self.add_error("city", _("Choose your city, or type its name below."))
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def request_fields(self) -> dict:
        """The values request_access takes."""
        names = ["name", "email", "organisation", "role", "city", "city_name", "message"]
        return {name: self.cleaned_data[name] for name in names}


class PartnerAccountForm(forms.Form):
    """What an editor gives to create a partner organisation's account."""

    email = forms.EmailField(
        label=_("Email address"), help_text=_("The partner's contact address.")
    )
    first_name = forms.CharField(
        label=_("Organisation or contact name"), max_length=150, required=False
    )
    last_name = forms.CharField(label=_("Contact's last name"), max_length=150, required=False)
    issue_token = forms.BooleanField(
        label=_("Issue an API token now"), required=False, initial=True
    )

    def account_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("email", "first_name", "last_name")}
