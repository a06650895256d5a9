"""The Editors group and the demo accounts (an editor and an official of The Hague).

Used by `manage.py load_initial_data --with-demo-accounts` and by the tests;
each function can be called again and leaves the same state behind.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cities.models import City, Official

EDITORS_GROUP = "Editors"
# Editors curate every model of these apps; `knox` lets them issue API tokens.
# They hold no permission on auth's users or groups: officials join by invitation.
EDITOR_APPS = ("cities", "practices", "publications", "knox")
EDITOR_ACTIONS = ("add", "change", "view")
# Deleting records is for superusers; editors archive. They may still remove the rows
# below: a wrong outcome or contributor line, an official who left, a revoked token.
EDITOR_DELETABLE = frozenset(
    {"cities.official", "practices.outcome", "publications.contributor", "knox.authtoken"}
)

DEMO_EDITOR_EMAIL = "editor@example.org"
DEMO_OFFICIAL_EMAIL = "official@example.org"
DEMO_OFFICIAL_CITY = "the-hague"


@dataclass(frozen=True)
class DemoAccounts:
    editor: AbstractBaseUser
    official: AbstractBaseUser


def editor_permissions() -> list[Permission]:
    """Add, change and view on every model of the editors' apps; delete on a few rows."""
    permissions = []
    for label in EDITOR_APPS:
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            if _is_history_record(model):
                continue  # read on the record's own history page, never edited
            # Proxy models have their own content type.
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            actions = EDITOR_ACTIONS
            if opts.label_lower in EDITOR_DELETABLE:
                actions = (*actions, "delete")
            for action in actions:
                if action not in opts.default_permissions:
                    continue
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=get_permission_codename(action, opts),
                    defaults={"name": f"Can {action} {opts.verbose_name_raw}"},
                )
                permissions.append(permission)
    return permissions


def _is_history_record(model) -> bool:
    """A table of django-simple-history's (a record's versions or their relations)."""
    names = {field.name for field in model._meta.fields}
    return "history_id" in names or "m2m_history_id" in names


def ensure_editors_group() -> Group:
    """The Editors group, with exactly the editors' permissions."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions())
    return group


@transaction.atomic
def ensure_demo_accounts(*, password: str) -> DemoAccounts:
    """An editor and an official of The Hague, both signing in with `password`.

    The editor is staff and in the Editors group, never a superuser; the official
    is not staff and is linked to The Hague, which must already be loaded.
    """
    if not password:
        raise ValueError("The demo accounts need a password.")
    city = City.objects.filter(slug=DEMO_OFFICIAL_CITY).first()
    if city is None:
        raise LookupError(f"No city with slug “{DEMO_OFFICIAL_CITY}”: load the data first.")

    editor = _ensure_user(DEMO_EDITOR_EMAIL, password=password, is_staff=True)
    editor.groups.set([ensure_editors_group()])

    official = _ensure_user(DEMO_OFFICIAL_EMAIL, password=password, is_staff=False)
    official.groups.clear()
    Official.objects.update_or_create(
        user=official, defaults={"city": city, "role": "Demo account"}
    )
    return DemoAccounts(editor=editor, official=official)


def _ensure_user(email: str, *, password: str, is_staff: bool) -> AbstractBaseUser:
    """A user whose username and email are `email`, with no permissions of their own."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: email}).first()
    if user is None:
        user = user_model(**{user_model.USERNAME_FIELD: email})
    wanted = {"email": email, "is_staff": is_staff, "is_superuser": False, "is_active": True}
    changed = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
    for name, value in wanted.items():
        setattr(user, name, value)
    if not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.save()
    user.user_permissions.clear()
    return user
