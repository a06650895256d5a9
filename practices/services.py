"""Every write to a practice: one keyword-only function per step.

Views, admin, API and commands call these. Each step asks practices/permissions.py
whether `by` may take it, works on the row locked for update, and sends its mail inside
the same transaction: when the mail cannot be sent the step changes nothing.
"""

import uuid
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.cache import content_changed
from core.mail import MailNotSent  # noqa: F401 (callers catch it from here)
from practices import notifications, permissions
from practices.models import Outcome, Practice, PracticeEvent
from practices.permissions import (  # noqa: F401 (callers catch these from here)
    Action,
    InvalidTransition,
    PracticeNotEditable,
    Refused,
)

User = get_user_model()
Status = Practice.Status


class NoteRequired(ValueError):
    pass


RELATIONS = ("cities", "partners", "themes", "target_groups", "commitments")


def _move(
    *,
    practice: Practice,
    to: str,
    by: User | None,
    action: Action,
    note: str = "",
    notify: Callable[[Practice], object] | None = None,
) -> Practice:
    """Move a practice to a new status if `by` may, record the step and send its mail.

    `notify` (the step's mail) runs inside the same transaction with the moved practice:
    if it raises, e.g. core.mail.MailNotSent, nothing is changed, not even `practice`.
    """
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, action, locked)
        if not locked.can_move_to(to):
            raise InvalidTransition(locked.status, to)
        now = timezone.now()
        changes = {"status": to, "updated_at": now}
        if to == Status.SUBMITTED:
            changes.update(submitted_at=now, submitted_by=by)
        if action in (Action.APPROVE, Action.SEND_BACK, Action.REJECT):
            changes.update(reviewed_by=by, review_note=note)
        if to == Status.PUBLISHED and locked.published_at is None:
            changes["published_at"] = now
        PracticeEvent.objects.create(
            practice=locked, from_status=locked.status, to_status=to, actor=by, note=note
        )
        Practice.objects.filter(pk=locked.pk).update(**changes)
        content_changed()  # QuerySet.update sends no signals
        for field, value in changes.items():
            setattr(locked, field, value)
        if notify:
            notify(locked)
    for field, value in changes.items():
        setattr(practice, field, value)
    return practice


def _tell_submitter(template: str, **context) -> Callable[[Practice], int]:
    """The `notify` of a decision: mail the moved practice's submitter `emails/<template>`."""
    return lambda moved: notifications.tell_submitter(practice=moved, template=template, **context)


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise NoteRequired(_("Give a reason, so the submitter knows what to change."))
    return note


def _require_own_city(by: User, cities: Iterable | None) -> None:
    """An official's practice includes their own city (editors and partners are free)."""
    city_id = permissions.official_city_id(by)
    if city_id is None or permissions.is_editor(by) or cities is None:
        return
    if city_id not in {getattr(city, "pk", city) for city in cities}:
        raise ValidationError(
            {
                "cities": _(
                    "Include your own city, %(city)s: officials share practices on behalf "
                    "of their city."
                )
                % {"city": by.official.city.name}
            }
        )


def unique_slug(title: str) -> str:
    """A slug for a new practice that no other practice has."""
    base = slugify(title)[:180] or "practice"
    taken = set(Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class DuplicateSubmission(Exception):
    """The form that would create this practice was sent before: here is what it saved."""

    def __init__(self, practice: Practice):
        self.practice = practice
        super().__init__(
            _("“%(title)s” was saved already; it is not saved twice.") % {"title": practice.title}
        )


SLUG_ATTEMPTS = 5


def create_practice(
    *,
    by: User,
    outcomes: list[dict] | None = None,
    creation_key: uuid.UUID | None = None,
    **fields,
) -> Practice:
    """Start a draft practice for the user, who becomes its submitter.

    `outcomes` are dicts as `set_outcomes` takes them. `creation_key` is the one-time
    key of the form or request that asks: the same key a second time (a double click,
    back and resend) raises DuplicateSubmission with the practice the first one saved.
    Someone else taking the slug in the same instant gets this one the next free slug.
    Raises Refused when the user may not submit practices, and
    django.core.exceptions.ValidationError when the practice is invalid (an official's
    practice must include their city).
    """
    permissions.require(by, Action.CREATE)
    chosen_slug = fields.pop("slug", "")
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    _require_own_city(by, relations.get("cities", []))
    attempts_left = 1 if chosen_slug else SLUG_ATTEMPTS
    while True:
        _refuse_duplicate(by=by, creation_key=creation_key)
        practice = Practice(
            status=Status.DRAFT,
            submitted_by=by,
            slug=chosen_slug or unique_slug(fields.get("title", "")),
            creation_key=creation_key,
            **fields,
        )
        try:
            with transaction.atomic():
                # The database settles slug and key races; full_clean could only guess.
                practice.full_clean(exclude=[] if chosen_slug else ["slug", "creation_key"])
                practice._history_user = by
                practice.save()
                for name, values in relations.items():
                    getattr(practice, name).set(values)
                if outcomes:
                    set_outcomes(practice=practice, outcomes=outcomes)
                PracticeEvent.objects.create(
                    practice=practice, from_status="", to_status=Status.DRAFT, actor=by
                )
        except IntegrityError:
            _refuse_duplicate(by=by, creation_key=creation_key)
            attempts_left -= 1
            if not attempts_left:
                raise
        else:
            return practice


def _refuse_duplicate(*, by: User, creation_key: uuid.UUID | None) -> None:
    if creation_key is None:
        return
    saved = Practice.objects.filter(submitted_by=by, creation_key=creation_key).first()
    if saved is not None:
        raise DuplicateSubmission(saved)


def submit_practice(*, practice: Practice, by: User) -> Practice:
    """Send a draft of the user's city team to the editors' review queue and tell them.

    The one who submits becomes the practice's submitter: the editors' decision goes to them.
    """
    return _move(
        practice=practice,
        to=Status.SUBMITTED,
        by=by,
        action=Action.SUBMIT,
        notify=lambda moved: notifications.tell_editors(
            practice=moved, template="practice_submitted", by=by
        ),
    )


def withdraw_practice(*, practice: Practice, by: User) -> Practice:
    """Take a submission out of the review queue so its team can change it again."""
    return _move(
        practice=practice,
        to=Status.DRAFT,
        by=by,
        action=Action.WITHDRAW,
        notify=lambda moved: notifications.tell_editors(
            practice=moved, template="practice_withdrawn", by=by
        ),
    )


def approve_practice(*, practice: Practice, by: User, note: str = "") -> Practice:
    """Publish a submitted practice (or the editor's own draft) and tell its submitter."""
    return _move(
        practice=practice,
        to=Status.PUBLISHED,
        by=by,
        action=Action.APPROVE,
        note=note,
        notify=_tell_submitter("practice_published", by=by, note=note),
    )


def send_back_practice(*, practice: Practice, by: User, note: str) -> Practice:
    """Return a submitted practice to its team as a draft, with the changes needed."""
    note = _require_note(note)
    return _move(
        practice=practice,
        to=Status.DRAFT,
        by=by,
        action=Action.SEND_BACK,
        note=note,
        notify=_tell_submitter("practice_sent_back", by=by, note=note),
    )


def reject_practice(*, practice: Practice, by: User, note: str) -> Practice:
    """Refuse a submitted practice for good, with the reason."""
    note = _require_note(note)
    return _move(
        practice=practice,
        to=Status.REJECTED,
        by=by,
        action=Action.REJECT,
        note=note,
        notify=_tell_submitter("practice_rejected", by=by, note=note),
    )


def archive_practice(*, practice: Practice, by: User, note: str = "") -> Practice:
    """Take a published practice out of public view, keeping it for the record."""
    return _move(
        practice=practice,
        to=Status.ARCHIVED,
        by=by,
        action=Action.ARCHIVE,
        note=note,
        notify=_tell_submitter("practice_archived", by=by, note=note),
    )


def update_practice(
    *, practice: Practice, by: User, outcomes: list[dict] | None = None, **fields
) -> Practice:
    """Change a practice's content; its moderation status stays as it is.

    Its city team changes a draft (PracticeNotEditable while it is in review or once it
    is reviewed); editors change any practice, and their change is live at once.
    `outcomes`, when given, replace the old ones. Raises Refused when `by` may not, and
    django.core.exceptions.ValidationError when the result is invalid.
    """
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, Action.EDIT, locked)
        _require_own_city(by, relations.get("cities"))
        old_image = locked.image.name
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked._history_user = by
        locked.save()
        for name, values in relations.items():
            getattr(locked, name).set(values)
        if outcomes is not None:
            set_outcomes(practice=locked, outcomes=outcomes)
        if old_image and locked.image.name != old_image:
            transaction.on_commit(lambda: _delete_unused_image(old_image))
    return locked


def _delete_unused_image(name: str) -> None:
    """Remove a replaced or cleared image from storage, unless a practice still shows it."""
    if not Practice.objects.filter(image=name).exists():
        Practice._meta.get_field("image").storage.delete(name)


def set_outcomes(*, practice: Practice, outcomes: list[dict]) -> list[Outcome]:
    """Replace all of a practice's outcomes with the given ones, in the order given.

    Each outcome is a dict of label, qualifier, value, unit, year, source; raises
    django.core.exceptions.ValidationError (keyed `outcomes`) if one is invalid.
    """
    rows = [
        Outcome(practice=practice, position=position, **values)
        for position, values in enumerate(outcomes)
    ]
    for row in rows:
        row.full_clean(exclude=["practice"])
    with transaction.atomic():
        practice.outcomes.all().delete()
        content_changed()  # bulk_create sends no signals
        return Outcome.objects.bulk_create(rows)
