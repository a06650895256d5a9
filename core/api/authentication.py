"""Partners' API tokens: django-rest-knox's, looked up in one query."""

from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.signals import token_expired


class PartnerTokenAuthentication(TokenAuthentication):
    """Knox's token authentication without its sweep of the user's other tokens.

    Knox deletes a user's other expired tokens on every request, a second query each
    time; a partner holds one token (cities.services.issue_api_token replaces the old
    one), so only the token sent is checked, and deleted once it has expired.
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
