"""Pages of two-factor sign-in: the code after the password, set-up, recovery codes."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _next_url(request: HttpRequest, default: str = "/") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request=request, code=form.cleaned_data["code"])
        if device is not None:
            if device.name == two_factor.RECOVERY_DEVICE_NAME:
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)d is left. Make new ones soon.",
                        "You used a recovery code; %(left)d are left. "
                        "Make new ones if few are left.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "That code is not right or has expired. Type the code your app shows now; "
                "after several wrong codes, wait a few seconds before the next."
            ),
        )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Scan a QR code (or type the key), confirm with a code, get the recovery codes."""
    user = request.user
    if two_factor.has_device(user) and not user.is_verified():
        return redirect("two_factor_verify")  # a password alone never replaces a device
    form = CodeForm(request.POST or None)
    device = two_factor.pending_device(user) if request.method == "POST" else None
    if device is None:
        device = two_factor.start_setup(user)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_setup(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request, reverse("two_factor"))},
            )
        form.add_error("code", _("That code is not right. Type the code your app shows now."))
    context = {
        "form": form,
        "next": _next_url(request, ""),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": two_factor.secret_of(device),
        "required": two_factor.required_for(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Whether two-factor sign-in is on for this account, and what can be done about it."""
    user = request.user
    context = {
        "enabled": two_factor.has_device(user),
        "required": two_factor.required_for(user),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "registration/two_factor.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": reverse("two_factor")},
    )


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    if two_factor.required_for(request.user):
        messages.error(request, _("Staff accounts must keep two-factor sign-in."))
    else:
        two_factor.turn_off(request.user)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("two_factor")
