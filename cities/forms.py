from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City


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
