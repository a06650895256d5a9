"""Account pages: accepting an invitation, asking for access, asking for a password reset."""

from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cities import services
from cities.forms import AccessRequestForm
from cities.tokens import invitation_token_generator
from core import rate_limits
from core.after_response import RedirectThenRun

HOUR = 60 * 60


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
        services.request_access(**form.request_fields(), language=request.LANGUAGE_CODE)
        return redirect("request_access_sent")
    return render(request, "registration/request_access.html", {"form": form})


def request_access_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/request_access_sent.html")


def _over_limit(request: HttpRequest, email: str) -> bool:
    return rate_limits.over_email_or_client_limit(
        request,
        scope="access-request",
        email=services.normalise_email(email),
        per_email=settings.ACCESS_REQUESTS_PER_EMAIL,
        per_client=settings.ACCESS_REQUESTS_PER_IP,
    )


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's reset form, limited per client and per account, and the same for everyone.

    Known and unknown addresses get the same redirect after the same work (a form check
    and two counters): looking the account up and sending the mail happen after the
    response is sent, so its timing tells nothing either.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if self._over_limit(email):
            form.add_error(
                None,
                _(
                    "You have asked for several links already. Use the last mail we sent, "
                    "or try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        return RedirectThenRun(self.get_success_url(), job=lambda: form.save(**options))

    def _over_limit(self, email: str) -> bool:
        return rate_limits.over_email_or_client_limit(
            self.request,
            scope="password-reset",
            email=services.normalise_email(email),
            per_email=settings.PASSWORD_RESETS_PER_EMAIL,
            per_client=settings.PASSWORD_RESETS_PER_IP,
            window=HOUR,
        )
