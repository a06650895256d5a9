"""A mail backend for tests of what happens when the mail server fails."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Refuses every message, as an unreachable or misconfigured mail server would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowBackend(BaseEmailBackend):
    """Takes three seconds per batch, as a distant mail server would, then delivers."""

    def send_messages(self, email_messages):
        import time

        from django.core.mail.backends.locmem import EmailBackend

        time.sleep(3)
        return EmailBackend().send_messages(email_messages)
