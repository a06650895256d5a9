"""Account pages of the onboarding loop: accepting an invitation, asking for access."""

from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cities import services
from cities.forms import AccessRequestForm
from cities.tokens import invitation_token_generator
from core.ratelimit import over_daily_limit


class InvitationView(PasswordResetConfirmView):
    """An invited official chooses a password and is signed in to their practices."""

    token_generator = invitation_token_generator
    template_name = "registration/invitation.html"
    title = gettext_lazy("Welcome: choose your password")
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


@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest) -> HttpResponse:
    """The public form: store the request for the editors, grant and mail nothing."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("request_access_sent")
        if _over_limit(request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "You have asked for access several times today. The editors will answer "
                    "the request they have; if you need to change it, try again tomorrow."
                ),
            )
            return render(request, "registration/request_access.html", {"form": form}, status=429)
        services.request_access(**form.request_fields())
        return redirect("request_access_sent")
    return render(request, "registration/request_access.html", {"form": form})


def request_access_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/request_access_sent.html")


def _over_limit(request: HttpRequest, email: str) -> bool:
    return over_daily_limit(
        request,
        scope="access-request",
        email=services.normalise_email(email),
        per_email=settings.ACCESS_REQUESTS_PER_EMAIL,
        per_ip=settings.ACCESS_REQUESTS_PER_IP,
    )
