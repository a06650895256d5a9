"""Account pages of the onboarding loop: accepting an invitation."""

from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cities.tokens import invitation_token_generator


class InvitationView(PasswordResetConfirmView):
    """An invited official chooses a password and is signed in to their practices."""

    token_generator = invitation_token_generator
    template_name = "registration/invitation.html"
    title = _("Welcome: choose your password")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("practices:mine")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A user who has a password has used the link (or never needed one).
        context["link_used"] = bool(
            not self.validlink and self.user and self.user.has_usable_password()
        )
        return context
