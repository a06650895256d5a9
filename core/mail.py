"""Notification mail: a subject, a text body and an HTML body rendered from templates.

Every notification the portal sends goes through `send_templated_mail`, so each one has
both parts, a single-line subject whatever text it quotes, and one exception to catch
when the mail server fails.
"""

import logging
import smtplib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

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


def send_templated_mail(*, template: str, to: Iterable[str], context: Mapping[str, Any]) -> int:
    """Send the rendered mail to each address in a message of its own; return how many.

    Nobody sees the other recipients. Raises MailNotSent when the mail server fails, so a
    caller inside a transaction can let the whole step roll back.
    """
    recipients = [address for address in dict.fromkeys(to) if address]
    if not recipients:
        return 0
    subject, text, html = render_mail(template, context)
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Could not send the %s mail to %d recipient(s)", template, len(messages))
        raise MailNotSent(str(error)) from error
