"""The language each user last read the portal in, so that mail about what others did
(a practice published, a submission to review) reaches them in it; English when unknown."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cities.models import UserLanguage

#: The session remembers the language already stored, so reading costs no query.
SESSION_KEY = "stored_language"


def remember_language(*, user: AbstractBaseUser, language: str, session=None) -> None:
    """Store `language` as the one `user` reads in (once per session and language)."""
    if session is not None and session.get(SESSION_KEY) == language:
        return
    if language not in dict(settings.LANGUAGES):
        return
    # Without save signals: a reader's language is not catalogue content, so storing it must
    # not move the response cache's generation on (core.cache).
    updated = UserLanguage.objects.filter(user=user).update(
        language=language, updated_at=timezone.now()
    )
    if not updated:
        UserLanguage.objects.bulk_create(
            [UserLanguage(user=user, language=language)], ignore_conflicts=True
        )
    if session is not None:
        session[SESSION_KEY] = language


def language_of(user: AbstractBaseUser | None) -> str:
    """The language `user` last read the portal in, or the default language."""
    if user is None or user.pk is None:
        return settings.LANGUAGE_CODE
    return languages_of([user]).get(user.pk, settings.LANGUAGE_CODE)


def languages_of(users: Iterable[AbstractBaseUser]) -> dict[int, str]:
    """Each user's language by primary key, for those whose language is known."""
    users = list(users)
    if not users:
        return {}
    known = dict(settings.LANGUAGES)
    rows = UserLanguage.objects.filter(user__in=[user.pk for user in users])
    return {row.user_id: row.language for row in rows if row.language in known}


def mail_languages(users: Iterable[AbstractBaseUser]) -> dict[str, str]:
    """Each user's address → the language to write to them in. One query, or none for users
    read with select_related("interface_language")."""
    users = [user for user in users if user.email]
    relation = UserLanguage._meta.get_field("user").remote_field
    stored = languages_of([user for user in users if not relation.is_cached(user)])
    known = dict(settings.LANGUAGES)
    for user in users:
        if relation.is_cached(user):
            row = relation.get_cached_value(user)
            if row is not None and row.language in known:
                stored[user.pk] = row.language
    return {user.email: stored.get(user.pk, settings.LANGUAGE_CODE) for user in users}
