"""Invitation links: Django's password-reset tokens with their own salt and lifetime.

A token signs the user's password hash and last sign-in, so it stops working as
soon as the invited official sets a password (single use), and after
`INVITATION_VALID_DAYS` days. Its own salt keeps invitation and password-reset
links from standing in for each other.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "cities.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        # Django's own check enforces PASSWORD_RESET_TIMEOUT; invitations live longer.
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > self.max_age_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )

    @staticmethod
    def max_age_seconds() -> int:
        return settings.INVITATION_VALID_DAYS * 24 * 60 * 60


invitation_token_generator = InvitationTokenGenerator()
