"""The pages a public-sector site owes its visitors, linked from every page's footer."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.mail import MailNotSent
from core.rate_limits import over_email_or_client_limit
from portal import services
from portal.forms import ContactForm
from practices.models import Theme


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def site_map(request: HttpRequest) -> HttpResponse:
    """Every section of the site for people; /sitemap.xml lists every record for crawlers."""
    return render(request, "pages/site_map.html", {"themes": Theme.objects.order_by("name")})


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Mail a message to the editors, a few a day per address, as the access requests are."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("contact_sent")
        if _over_limit(request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "You have sent several messages today. The editors will answer the ones "
                    "they have; please try again tomorrow."
                ),
            )
            return render(request, "pages/contact.html", {"form": form}, status=429)
        try:
            services.send_contact_message(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                topic=form.topic_label(),
                message=form.cleaned_data["message"],
            )
        except MailNotSent:
            form.add_error(
                None,
                _("Your message could not be sent just now. Please try again in a few minutes."),
            )
            return render(request, "pages/contact.html", {"form": form}, status=503)
        return redirect("contact_sent")
    return render(request, "pages/contact.html", {"form": form})


def contact_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact_sent.html")


def _over_limit(request: HttpRequest, email: str) -> bool:
    return over_email_or_client_limit(
        request,
        scope="contact",
        email=email.strip().lower(),
        per_email=settings.CONTACT_MESSAGES_PER_EMAIL,
        per_client=settings.CONTACT_MESSAGES_PER_IP,
    )
