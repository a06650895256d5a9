"""Moderation workflow: one function per step. Views, admin, API and commands call these."""

import uuid
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.history import recorded_as
from practices import notifications
from practices.models import Outcome, Practice, PracticeEvent

User = get_user_model()
Status = Practice.Status


class InvalidTransition(Exception):
    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        super().__init__(
            _("A practice that is %(current)s cannot become %(target)s.")
            % {"current": Status(current).label.lower(), "target": Status(target).label.lower()}
        )


class NoteRequired(ValueError):
    pass


EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED})
RELATIONS = ("cities", "partners", "themes", "target_groups", "commitments")


class PracticeNotEditable(Exception):
    """The practice has been reviewed (published, rejected or archived) and is the editors' now."""

    def __init__(self, current: str):
        self.current = current
        super().__init__(
            _("A practice that is %(current)s can no longer be changed by its submitter.")
            % {"current": Status(current).label.lower()}
        )


def _move(
    *,
    practice: Practice,
    to: str,
    by: User | None,
    note: str = "",
    then: Callable[[Practice], object] | None = None,
) -> Practice:
    """Move a practice to a new status, refusing steps TRANSITIONS does not allow.

    `then` (the step's mail) runs inside the same transaction with the moved practice:
    if it raises, e.g. core.mail.MailNotSent, nothing is changed, not even `practice`.
    """
    with transaction.atomic(), recorded_as(by):
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if not locked.can_move_to(to):
            raise InvalidTransition(locked.status, to)
        now = timezone.now()
        changes = {"status": to, "updated_at": now}
        if to == Status.SUBMITTED:
            changes["submitted_at"] = now
        if to in (Status.PUBLISHED, Status.REJECTED) or (
            locked.status == Status.SUBMITTED and to == Status.DRAFT
        ):
            changes.update(reviewed_by=by, review_note=note)
        if to == Status.PUBLISHED and locked.published_at is None:
            changes["published_at"] = now
        PracticeEvent.objects.create(
            practice=locked, from_status=locked.status, to_status=to, actor=by, note=note
        )
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))  # through the model, so history records it
        if then is not None:
            then(locked)
    for field, value in changes.items():
        setattr(practice, field, value)
    return practice


def _tell_submitter(template: str, **context) -> Callable[[Practice], int]:
    """The `then` of a decision: mail the moved practice's submitter `emails/<template>`."""
    return lambda moved: notifications.tell_submitter(practice=moved, template=template, **context)


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise NoteRequired(_("Give a reason, so the submitter knows what to change."))
    return note


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
    Raises django.core.exceptions.ValidationError when the practice is invalid.
    """
    chosen_slug = fields.pop("slug", "")
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
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
            with transaction.atomic(), recorded_as(by):
                # The database settles slug and key races; full_clean could only guess.
                practice.full_clean(exclude=[] if chosen_slug else ["slug", "creation_key"])
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
    """Send a draft to the editors' review queue and tell the editors."""
    return _move(
        practice=practice,
        to=Status.SUBMITTED,
        by=by,
        then=lambda moved: notifications.tell_editors(
            practice=moved, template="practice_submitted", by=by
        ),
    )


def approve_practice(*, practice: Practice, by: User, note: str = "") -> Practice:
    """Publish a practice and tell its submitter."""
    return _move(
        practice=practice,
        to=Status.PUBLISHED,
        by=by,
        note=note,
        then=_tell_submitter("practice_published", by=by, note=note),
    )


def send_back_practice(*, practice: Practice, by: User, note: str) -> Practice:
    """Return a submitted practice to its submitter as a draft, with the changes needed."""
    note = _require_note(note)
    if practice.status != Status.SUBMITTED:
        raise InvalidTransition(practice.status, Status.DRAFT)
    return _move(
        practice=practice,
        to=Status.DRAFT,
        by=by,
        note=note,
        then=_tell_submitter("practice_sent_back", by=by, note=note),
    )


def reject_practice(*, practice: Practice, by: User, note: str) -> Practice:
    """Refuse a submitted practice for good, with the reason."""
    note = _require_note(note)
    return _move(
        practice=practice,
        to=Status.REJECTED,
        by=by,
        note=note,
        then=_tell_submitter("practice_rejected", by=by, note=note),
    )


def archive_practice(*, practice: Practice, by: User, note: str = "") -> Practice:
    """Take a published practice out of public view, keeping it for the record."""
    return _move(
        practice=practice,
        to=Status.ARCHIVED,
        by=by,
        note=note,
        then=_tell_submitter("practice_archived", by=by, note=note),
    )


def update_practice(
    *, practice: Practice, by: User, outcomes: list[dict] | None = None, **fields
) -> Practice:
    """Change a draft or submitted practice's content; its moderation status stays as it is.

    `outcomes`, when given, replace the old ones. `by` is the submitter making the
    change (the caller checks they may); raises
    PracticeNotEditable once an editor has published, rejected or archived it, and
    django.core.exceptions.ValidationError when the result is invalid.
    """
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    with transaction.atomic(), recorded_as(by):
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise PracticeNotEditable(locked.status)
        old_image = locked.image.name
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
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
    Rows are updated in place, in order, so history shows what changed in each one.
    """
    rows = [
        Outcome(practice=practice, position=position, **values)
        for position, values in enumerate(outcomes)
    ]
    for row in rows:
        row.full_clean(exclude=["practice"])
    with transaction.atomic():
        current = list(practice.outcomes.order_by("position", "pk"))
        for old, row in zip(current, rows, strict=False):
            row.pk = old.pk
            if _outcome_values(row) != _outcome_values(old):
                row.save(force_update=True)
        for row in rows[len(current) :]:
            row.save(force_insert=True)
        for old in current[len(rows) :]:
            old.delete()
    return rows


def _outcome_values(outcome: Outcome) -> tuple:
    return tuple(getattr(outcome, name) for name in OUTCOME_FIELDS)


OUTCOME_FIELDS = ("position", "label", "qualifier", "value", "unit", "year", "source")
