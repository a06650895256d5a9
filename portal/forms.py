"""The public contact form of the footer's Contact page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.mail import single_line


class ContactForm(forms.Form):
    """A message to the editors; nothing is stored, and nothing is mailed to the sender."""

    TOPICS = [
        ("", _("Choose a topic")),
        ("practice", _("A practice or publication: a correction or a suggestion")),
        ("city", _("My city wants to share its practices")),
        ("data", _("Open data and the API")),
        ("accessibility", _("A problem using the site (accessibility)")),
        ("other", _("Something else")),
    ]

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The editors use it only to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address, so that the editors can answer."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=TOPICS,
        error_messages={"required": _("Choose what your message is about.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=10,
        max_length=5000,
        help_text=_("If it is about a page, give its address or title."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write your message."),
            "min_length": _("Write a few words more: at least 10 characters."),
        },
    )
    # A field people never see: bots that fill in every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        return single_line(self.cleaned_data["name"])

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def topic_label(self) -> str:
        return str(dict(self.TOPICS)[self.cleaned_data["topic"]])
