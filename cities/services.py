"""Writes about cities and organisations that views, admin and commands share."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from cities.models import Organisation
from core.cache import content_changed

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
        raise CannotMerge("An organisation cannot be merged into itself.")
    if proposed.status != Status.PROPOSED:
        raise CannotMerge("Only proposed organisations are merged; this one is active.")
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
