"""Writes of the site's own pages: the contact form's message to the editors."""

from django.contrib.auth import get_user_model

from core.mail import send_templated_mail

User = get_user_model()


def editor_addresses() -> list[str]:
    """The addresses of everyone who may review practices (the Editors group and superusers)."""
    editors = User.objects.with_perm(
        "practices.change_practice", backend="django.contrib.auth.backends.ModelBackend"
    ).filter(is_active=True)
    return sorted({editor.email for editor in editors if editor.email})


def send_contact_message(*, name: str, email: str, topic: str, message: str) -> int:
    """Mail the message to the editors; return how many got it. Raises MailNotSent."""
    context = {"name": name, "email": email, "topic": topic, "message": message}
    return send_templated_mail(template="contact_message", to=editor_addresses(), context=context)
