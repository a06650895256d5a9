"""Onboarding: editors invite city officials. The admin and the views call these."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cities.models import City, Official
from cities.tokens import invitation_token_generator

User = get_user_model()


class InvitationRefused(Exception):
    """The address cannot be made an official of that city; the message says why."""


def normalise_email(email: str) -> str:
    """The form addresses are stored and matched in: trimmed and lower-case."""
    return (email or "").strip().lower()


def user_with_email(email: str) -> User | None:
    """The account that uses this address (as email or username), whatever its case."""
    email = normalise_email(email)
    by_email = User._default_manager.filter(email__iexact=email).order_by("pk").first()
    return by_email or User._default_manager.filter(username__iexact=email).first()


def invite_official(*, email: str, city: City, role: str = "", by: User) -> Official:
    """Make the address an official of `city` and mail them how to sign in.

    A new address gets an account without a usable password and a link to set one
    (valid `INVITATION_VALID_DAYS` days, once). An address that already has an
    account is never duplicated: it becomes the city's official, and is told so
    (with a fresh link if it never set a password). Raises InvitationRefused for an
    official of another city or a deactivated account, and PermissionDenied when
    `by` may not add officials. The mail is part of the step: if it cannot be sent,
    nothing changes.
    """
    if not by.has_perm("cities.add_official"):
        raise PermissionDenied
    email = normalise_email(email)
    validate_email(email)
    role = (role or "").strip()
    with transaction.atomic():
        user = user_with_email(email)
        if user is None:
            user, _created = User._default_manager.get_or_create(
                username=email, defaults={"email": email, "password": make_password(None)}
            )
        if not user.is_active:
            raise InvitationRefused(
                _("The account of %(email)s is deactivated; only a superuser can reactivate it.")
                % {"email": email}
            )
        official = Official.objects.select_related("city").filter(user=user).first()
        if official is not None and official.city_id != city.pk:
            raise InvitationRefused(
                _("%(email)s is already an official of %(city)s. One account serves one city.")
                % {"email": email, "city": official.city}
            )
        if official is None:
            official = Official.objects.create(user=user, city=city, role=role)
        elif role and role != official.role:
            official.role = role
            official.save(update_fields=["role"])
        if not user.email:
            user.email = email
            user.save(update_fields=["email"])
        _send_invitation(official=official, by=by)
    return official


def invitation_url(user: User) -> str:
    """The absolute link with which an invited user sets their password."""
    path = reverse(
        "invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def _send_invitation(*, official: Official, by: User) -> None:
    user = official.user
    needs_password = not user.has_usable_password()
    context = {
        "official": official,
        "city": official.city,
        "inviter": by.get_full_name() or by.email or by.get_username(),
        "site_name": settings.SITE_NAME,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "link": invitation_url(user) if needs_password else None,
        "sign_in_url": settings.SITE_URL + reverse("login"),
    }
    send_templated_mail("cities/mail/invitation", context, to=[user.email])


def send_templated_mail(template: str, context: dict, *, to: list[str]) -> None:
    """Send `<template>_subject.txt`, `.txt` and `.html` as one text-and-HTML message."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
