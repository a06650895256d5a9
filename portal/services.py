"""Writes of the site's own pages: the contact form's message to the editors."""

from django.contrib.auth import get_user_model

from cities.languages import mail_languages
from core.mail import send_templated_mail

User = get_user_model()


def editors() -> list:
    """Everyone who may review practices (the Editors group and superusers), with an address."""
    found = User.objects.with_perm(
        "practices.change_practice", backend="django.contrib.auth.backends.ModelBackend"
    ).filter(is_active=True)
    return [editor for editor in found if editor.email]


def send_contact_message(*, name: str, email: str, topic: str, message: str) -> int:
    """Mail the message to the editors; return how many got it. Raises MailNotSent."""
    context = {"name": name, "email": email, "topic": topic, "message": message}
    recipients = editors()
    return send_templated_mail(
        template="contact_message",
        to=sorted({editor.email for editor in recipients}),
        languages=mail_languages(recipients),
        context=context,
    )
