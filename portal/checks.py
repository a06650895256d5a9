"""System checks for a deployment (`manage.py check --deploy`, and every check with DEBUG off)."""

from django.conf import settings
from django.core.checks import Warning, register

from core.mail import delivery_backend

#: Backends that print, keep or drop mail instead of sending it.
UNSENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints it to the log",
    "django.core.mail.backends.locmem.EmailBackend": "keeps it in memory",
    "django.core.mail.backends.dummy.EmailBackend": "drops it",
    "django.core.mail.backends.filebased.EmailBackend": "writes it to files",
}
#: What `make serve` (LOCAL_HTTP) may use: mail a developer reads on the same machine.
LOCAL_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register("mail")
def check_mail_is_sent(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    backend = delivery_backend()
    if backend not in UNSENT_MAIL_BACKENDS:
        return []
    if settings.LOCAL_HTTP and backend in LOCAL_MAIL_BACKENDS:
        return []
    return [
        Warning(
            f"With DEBUG off, mail is not sent: the mail backend {UNSENT_MAIL_BACKENDS[backend]}, "
            "password-reset links included.",
            hint="Set EMAIL_URL to your mail server, e.g. smtp+tls://user:pass@smtp.example.org:587.",
            id="portal.W001",
        )
    ]
