"""Onboarding (invitations, access requests, partner accounts) and proposed organisations.

Editors invite officials, answer requests for access and create partner accounts;
the admin and the views call these functions and never save around them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from knox.models import AuthToken

from cities.languages import mail_languages, remember_language
from cities.models import PARTNERS_GROUP, AccessRequest, City, Official, Organisation
from cities.tokens import invitation_token_generator
from core.cache import content_changed
from core.mail import send_templated_mail, site_link

User = get_user_model()


class InvitationRefused(Exception):
    """The address cannot be made an official of that city; the message says why."""


class AlreadyDecided(Exception):
    """An editor has already accepted or declined this request."""


class ReasonRequired(ValueError):
    """Declining needs a reason the requester can read."""


class AccountRefused(Exception):
    """A partner account or token cannot be made for this address or user; the message says why."""


def normalise_email(email: str) -> str:
    """The form addresses are stored and matched in: trimmed and lower-case."""
    return (email or "").strip().lower()


def user_with_email(email: str) -> User | None:
    """The account that uses this address (as email or username), whatever its case."""
    email = normalise_email(email)
    by_email = User._default_manager.filter(email__iexact=email).order_by("pk").first()
    return by_email or User._default_manager.filter(username__iexact=email).first()


def invite_official(
    *, email: str, city: City, role: str = "", by: User, language: str = ""
) -> Official:
    """Make the address an official of `city` and mail them how to sign in.

    A new address gets an account without a usable password and a link to set one
    (valid `INVITATION_VALID_DAYS` days, once). An address that already has an
    account is never duplicated: it becomes the city's official, and is told so
    (with a fresh link if it never set a password). Raises InvitationRefused for an
    official of another city or a deactivated account, and PermissionDenied when
    `by` may not add officials. The mail is part of the step: if it cannot be sent,
    nothing changes. A new account reads `language` (the one its request for access was
    made in) until it signs in; the mail is written in it.
    """
    if not by.has_perm("cities.add_official"):
        raise PermissionDenied
    email = normalise_email(email)
    validate_email(email)
    role = (role or "").strip()
    with transaction.atomic():
        user = user_with_email(email)
        if user is None:
            user, created = User._default_manager.get_or_create(
                username=email, defaults={"email": email, "password": make_password(None)}
            )
            if created and language:
                remember_language(user=user, language=language)
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
    """The absolute link with which an invited user sets their password (in the language of
    the mail it is rendered in)."""
    return site_link(
        "invitation",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=invitation_token_generator.make_token(user),
    )


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
        "sign_in_url": site_link("login"),
    }
    send_templated_mail(
        template="invitation", to=[user.email], languages=mail_languages([user]), context=context
    )


# --- requests for access --------------------------------------------------------------------


def request_access(
    *,
    name: str,
    email: str,
    organisation: str,
    city: City | None = None,
    city_name: str = "",
    role: str = "",
    message: str = "",
    language: str = "",
) -> AccessRequest:
    """Store someone's request to become an official, for the editors to answer.

    Nothing is granted and nothing is mailed to the address given: that waits for an
    editor, so the form cannot be used to send mail to strangers. The editors are told.
    A second request from the same address while one waits updates that one. `language`,
    the one the form was filled in, is the one the answer is written in.
    """
    email = normalise_email(email)
    values = {
        "name": " ".join(name.split()),
        "organisation": " ".join(organisation.split()),
        "city": city,
        "city_name": "" if city else " ".join(city_name.split()),
        "role": " ".join(role.split()),
        "message": message.strip(),
        "language": language if language in dict(settings.LANGUAGES) else "",
    }
    with transaction.atomic():
        access_request = (
            AccessRequest.objects.select_for_update()
            .filter(email=email, status=AccessRequest.Status.PENDING)
            .first()
        ) or AccessRequest(email=email)
        for field, value in values.items():
            setattr(access_request, field, value)
        access_request.full_clean()
        access_request.save()
        _tell_editors_of(access_request)
    return access_request


def _tell_editors_of(access_request: AccessRequest) -> None:
    editors = User.objects.with_perm(
        "cities.change_accessrequest", backend="django.contrib.auth.backends.ModelBackend"
    ).exclude(email="")
    recipients = sorted({editor.email for editor in editors})
    if not recipients:
        return
    context = {
        "access_request": access_request,
        "site_name": settings.SITE_NAME,
        "admin_url": site_link("admin:cities_accessrequest_change", access_request.pk),
    }
    send_templated_mail(
        template="access_request_received",
        to=recipients,
        languages=mail_languages(editors),
        context=context,
    )


def accept_access_request(*, access_request: AccessRequest, by: User) -> Official:
    """Invite the requester as an official of the request's city (see invite_official)."""
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != AccessRequest.Status.PENDING:
            raise AlreadyDecided(_("This request has already been answered."))
        if locked.city is None:
            raise InvitationRefused(
                _("Choose the city first: the requester typed “%(name)s”, which is not listed.")
                % {"name": locked.city_name}
            )
        official = invite_official(
            email=locked.email,
            city=locked.city,
            role=locked.role,
            by=by,
            language=locked.language,
        )
        _decide(locked, AccessRequest.Status.ACCEPTED, by=by)
    _refresh(access_request, locked)
    return official


def decline_access_request(*, access_request: AccessRequest, by: User, reason: str) -> None:
    """Turn the request down and mail the requester the reason."""
    if not by.has_perm("cities.change_accessrequest"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Give a reason: it is mailed to the requester."))
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != AccessRequest.Status.PENDING:
            raise AlreadyDecided(_("This request has already been answered."))
        locked.decline_reason = reason
        _decide(locked, AccessRequest.Status.DECLINED, by=by)
        context = {"access_request": locked, "reason": reason, "site_name": settings.SITE_NAME}
        send_templated_mail(
            template="access_request_declined",
            to=[locked.email],
            languages={locked.email: locked.language},
            context=context,
        )
    _refresh(access_request, locked)


def _decide(access_request: AccessRequest, status: str, *, by: User) -> None:
    access_request.status = status
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    access_request.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])


def _refresh(stale: AccessRequest, fresh: AccessRequest) -> None:
    for field in ("status", "decided_by", "decided_at", "decline_reason"):
        setattr(stale, field, getattr(fresh, field))


# --- partner accounts and their API tokens ---------------------------------------------------


def partners_group() -> Group:
    """The group partner accounts belong to. It holds no permissions: a token is the key."""
    group, _created = Group.objects.get_or_create(name=PARTNERS_GROUP)
    return group


def create_partner_account(
    *, email: str, first_name: str = "", last_name: str = "", by: User
) -> User:
    """A new non-staff account for a partner organisation, in the Partners group.

    It has no usable password: partners use the API with a token (issue_api_token).
    Raises AccountRefused when the address already has an account.
    """
    if not by.has_perm("cities.add_partneraccount"):
        raise PermissionDenied
    email = normalise_email(email)
    validate_email(email)
    with transaction.atomic():
        if user_with_email(email) is not None:
            raise AccountRefused(_("%(email)s already has an account.") % {"email": email})
        user = User._default_manager.create(
            username=email,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            password=make_password(None),
        )
        user.groups.add(partners_group())
    return user


def issue_api_token(*, user: User, by: User) -> str:
    """Give `user` a new API token, replacing any old one, and return its key.

    The one place tokens are made. Editors issue them to partner accounts only: a
    token acts as its user, so one for a staff account would hand over its powers.
    Only a digest of the key is stored (django-rest-knox), with an expiry
    API_TOKEN_VALID_DAYS ahead: the key returned here is the only copy.
    """
    if not by.has_perm("knox.add_authtoken"):
        raise PermissionDenied
    if (user.is_staff or user.is_superuser) and not by.is_superuser:
        raise AccountRefused(_("Only a superuser can issue a token to a staff account."))
    if not user.is_active:
        raise AccountRefused(_("%(user)s is deactivated.") % {"user": user})
    with transaction.atomic():
        AuthToken.objects.filter(user=user).delete()
        _token, key = AuthToken.objects.create(user=user)
        return key


def revoke_api_token(*, user: User, by: User) -> bool:
    """Delete the user's API token; True if there was one."""
    if not by.has_perm("knox.delete_authtoken"):
        raise PermissionDenied
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return bool(deleted)


# --- organisations proposed by officials ----------------------------------------------------

Status = Organisation.Status


class CannotMerge(ValueError):
    pass


def propose_organisation(
    *,
    name: str,
    kind: str,
    by: AbstractBaseUser,
    country: str = "",
    website: str = "",
) -> Organisation:
    """An organisation an official typed in because it was not in the list.

    If one of that name (or acronym) exists already, active or proposed, it is returned
    instead of a duplicate. A new one is *proposed*: out of every public list until an
    editor confirms it (`confirm_organisation`) or merges it (`merge_organisation`).
    """
    name = " ".join(name.split())
    existing = (
        Organisation.objects.filter(Q(name__iexact=name) | Q(acronym__iexact=name))
        .order_by("status", "pk")  # "active" sorts before "proposed"
        .first()
    )
    if existing is not None:
        return existing
    for attempt in range(5):
        organisation = Organisation(
            name=name,
            slug=_free_slug(name, attempt),
            kind=kind,
            country=country,
            website=website,
            status=Status.PROPOSED,
            proposed_by=by,
        )
        organisation.full_clean(exclude=["slug"])
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            continue  # someone took the slug in the same instant
        return organisation
    raise IntegrityError(f"No free slug for the organisation {name!r}.")


def _free_slug(name: str, attempt: int) -> str:
    base = slugify(name)[:180] or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2 + attempt
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def confirm_organisation(*, organisation: Organisation, by: AbstractBaseUser) -> Organisation:
    """Make a proposed organisation public, as it is (editors may correct it first)."""
    Organisation.objects.filter(pk=organisation.pk).update(status=Status.ACTIVE)
    content_changed()  # QuerySet.update sends no signals
    organisation.status = Status.ACTIVE
    return organisation


def merge_organisation(
    *, proposed: Organisation, into: Organisation, by: AbstractBaseUser
) -> Organisation:
    """Fold a proposed organisation into an existing one and delete it.

    Every link to it — a practice it leads or partners in, a publication, a framework it
    owns — moves to `into`; a record linked to both keeps one link.
    """
    if proposed.pk == into.pk:
        raise CannotMerge(_("An organisation cannot be merged into itself."))
    if proposed.status != Status.PROPOSED:
        raise CannotMerge(_("Only proposed organisations are merged; this one is active."))
    with transaction.atomic():
        for relation in Organisation._meta.related_objects:
            if relation.many_to_many:
                _move_m2m_links(relation, proposed, into)
            elif relation.one_to_many:
                relation.related_model._base_manager.filter(
                    **{relation.field.name: proposed}
                ).update(**{relation.field.name: into})
        proposed.delete()
        content_changed()  # the links moved by QuerySet.update, without signals
    return into


def _move_m2m_links(relation, proposed: Organisation, into: Organisation) -> None:
    field = relation.field  # e.g. Practice.partners
    through = field.remote_field.through
    source = field.m2m_field_name()  # the record's side: "practice"
    target = field.m2m_reverse_field_name()  # the organisation's side: "organisation"
    links = through._base_manager.filter(**{target: proposed})
    already = through._base_manager.filter(**{target: into}).values(f"{source}_id")
    links.filter(**{f"{source}_id__in": already}).delete()
    links.update(**{target: into})
