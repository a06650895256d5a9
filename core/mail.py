"""Notification mail: a subject, a text body and an HTML body rendered from templates.

Every notification the portal sends goes through `send_templated_mail`, so each one has
both parts, a single-line subject whatever text it quotes, and one exception to catch
when the mail server fails.

All mail, the notifications and Django's own (password reset), is then handed to
`BackgroundEmailBackend` (settings.EMAIL_BACKEND): once the transaction that sends it
commits, a small pool of threads delivers it through the real backend
(settings.EMAIL_DELIVERY_BACKEND, from EMAIL_URL), so no request waits on the mail
server, and mail of a step that rolled back is never sent. A failed delivery is retried;
one that still fails is logged as an error with its subject and recipients.
"""

import logging
import smtplib
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The mail server refused the message or could not be reached."""


def single_line(text: Any) -> str:
    """The text with every line break and run of whitespace collapsed into one space.

    Mail headers cannot hold a line break (Django refuses to send them), and a title or
    a name typed by a user may contain one; `str.split()` also splits on the Unicode line
    and paragraph separators.
    """
    return " ".join(str(text).split())


def _site_link(target, *args: Any, **kwargs: Any) -> str:
    path = target.get_absolute_url() if hasattr(target, "get_absolute_url") else None
    return settings.SITE_URL + (path or reverse(target, args=args, kwargs=kwargs))


#: An absolute link to a URL name or an object's page, reversed when the mail is rendered,
#: so in the recipient's language: site_link("practices:mine"), site_link(practice).
site_link = lazy(_site_link, str)


def render_mail(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """The subject, text body and HTML body of `emails/<template>`.

    Reads `emails/<template>_subject.txt`, `emails/<template>.txt` and
    `emails/<template>.html`; the text templates switch autoescaping off themselves.
    """
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = single_line(render_to_string(f"emails/{template}_subject.txt", context))
    context["subject"] = subject
    text = render_to_string(f"emails/{template}.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def send_templated_mail(
    *,
    template: str,
    to: Iterable[str],
    context: Mapping[str, Any],
    languages: Mapping[str, str] | None = None,
) -> int:
    """Send the rendered mail to each address in a message of its own; return how many.

    Each address gets the mail in its language, `languages[address]`, else in the default
    language (English). The context may hold lazy text and links (`site_link`),
    which then read in the recipient's language too. Nobody sees the other recipients.
    Raises MailNotSent when the mail server fails, so a caller inside a transaction can let
    the whole step roll back.
    """
    recipients = [address for address in dict.fromkeys(to) if address]
    if not recipients:
        return 0
    languages = languages or {}
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        chosen = languages.get(address) or settings.LANGUAGE_CODE
        by_language.setdefault(chosen, []).append(address)
    messages = []
    for chosen, addresses in by_language.items():
        with translation.override(chosen):
            subject, text, html = render_mail(template, context)
        for address in addresses:
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
            message.attach_alternative(html, "text/html")
            messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Could not send the %s mail to %d recipient(s)", template, len(messages))
        raise MailNotSent(str(error)) from error


#: Seconds to wait before each new attempt at delivering a message.
RETRY_DELAYS = (2, 10, 60)


@cache
def _delivery_pool() -> ThreadPoolExecutor:
    # Its threads are joined when the process exits, so a worker stopped gracefully
    # delivers what it has queued first.
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


class BackgroundEmailBackend(BaseEmailBackend):
    """Queue messages for delivery after the current transaction commits; return at once."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        messages = list(email_messages)
        if not messages:
            return 0
        transaction.on_commit(lambda: _delivery_pool().submit(deliver, messages), robust=True)
        return len(messages)


def delivery_backend() -> str:
    """The backend that really sends the mail (the one behind the background queue)."""
    if settings.EMAIL_BACKEND == "core.mail.BackgroundEmailBackend":
        return settings.EMAIL_DELIVERY_BACKEND
    return settings.EMAIL_BACKEND


def deliver(messages: Sequence[EmailMessage], delays: Sequence[float] = RETRY_DELAYS) -> bool:
    """Send the messages through the delivery backend, retrying; log what could not go."""
    pending = list(messages)
    for attempt, delay in enumerate((0, *delays)):
        time.sleep(delay)
        try:
            with get_connection(delivery_backend(), fail_silently=False) as connection:
                while pending:
                    connection.send_messages([pending[0]])
                    pending.pop(0)
            return True
        except Exception:  # any failure of the backend: try again, then say what was lost
            logger.warning(
                "Mail delivery failed (attempt %d of %d)",
                attempt + 1,
                len(delays) + 1,
                exc_info=True,
            )
    for message in pending:
        logger.error(
            "Could not deliver the mail %r to %s: not sent",
            message.subject,
            ", ".join(message.recipients()),
        )
    return False
