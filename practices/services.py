"""Moderation workflow: one function per step. Views, admin, API and commands call these."""

import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.cache import content_changed
from core.mail import single_line
from practices import notifications
from practices.models import (
    MAX_DOCUMENTS_PER_PRACTICE,
    Outcome,
    Practice,
    PracticeDocument,
    PracticeEvent,
)

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
    with transaction.atomic():
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
        Practice.objects.filter(pk=locked.pk).update(**changes)
        content_changed()  # QuerySet.update sends no signals
        if then is not None:
            for field, value in changes.items():
                setattr(locked, field, value)
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
    documents: list[dict] | None = None,
    creation_key: uuid.UUID | None = None,
    **fields,
) -> Practice:
    """Start a draft practice for the user, who becomes its submitter.

    `outcomes` are dicts as `set_outcomes` takes them, `documents` as `add_documents`
    takes them. `creation_key` is the one-time
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
            with transaction.atomic():
                # The database settles slug and key races; full_clean could only guess.
                practice.full_clean(exclude=[] if chosen_slug else ["slug", "creation_key"])
                practice.save()
                for name, values in relations.items():
                    getattr(practice, name).set(values)
                if outcomes:
                    set_outcomes(practice=practice, outcomes=outcomes)
                if documents:
                    add_documents(practice=practice, by=by, documents=documents)
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
    *,
    practice: Practice,
    by: User,
    outcomes: list[dict] | None = None,
    documents: list[dict] | None = None,
    removed_documents: Iterable[PracticeDocument] = (),
    **fields,
) -> Practice:
    """Change a draft or submitted practice's content; its moderation status stays as it is.

    `outcomes`, when given, replace the old ones; `removed_documents` are taken off and
    `documents` (dicts as `add_documents` takes them) added. `by` is the submitter making the
    change (the caller checks they may); raises
    PracticeNotEditable once an editor has published, rejected or archived it, and
    django.core.exceptions.ValidationError when the result is invalid.
    """
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    with transaction.atomic():
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
        if removed_documents:
            remove_documents(practice=locked, by=by, documents=removed_documents)
        if documents:
            add_documents(practice=locked, by=by, documents=documents)
        if old_image and locked.image.name != old_image:
            transaction.on_commit(lambda: _delete_unused_image(old_image))
    return locked


def _delete_unused_image(name: str) -> None:
    """Remove a replaced or cleared image from storage, unless a practice still shows it."""
    if not Practice.objects.filter(image=name).exists():
        Practice._meta.get_field("image").storage.delete(name)


def add_documents(
    *, practice: Practice, by: User | None, documents: Iterable[dict]
) -> list[PracticeDocument]:
    """Attach PDF reports to a practice: dicts of `file` (an upload) and `title`.

    A missing title is made from the file name. Raises ValidationError (keyed
    `documents`) for a file that is not a PDF, too large, or beyond the
    MAX_DOCUMENTS_PER_PRACTICE a practice may have.
    """
    rows = []
    for values in documents:
        upload = values["file"]
        original_name = Path(upload.name or "").name[:255]
        rows.append(
            PracticeDocument(
                practice=practice,
                title=single_line(values.get("title") or "") or _title_from(original_name),
                file=upload,
                original_name=original_name,
                size=upload.size or 0,
                uploaded_by=by,
            )
        )
    if not rows:
        return []
    with transaction.atomic():
        if practice.documents.count() + len(rows) > MAX_DOCUMENTS_PER_PRACTICE:
            raise ValidationError(
                {
                    "documents": _("A practice may have at most %(max)d reports.")
                    % {"max": MAX_DOCUMENTS_PER_PRACTICE}
                }
            )
        for row in rows:
            try:
                row.full_clean(exclude=["practice"])
            except ValidationError as error:
                raise ValidationError({"documents": error.messages}) from None
            row.save()
    return rows


def remove_documents(
    *, practice: Practice, by: User | None, documents: Iterable[PracticeDocument]
) -> None:
    """Take reports off a practice; their files are deleted once the change commits."""
    doomed = practice.documents.filter(pk__in=[document.pk for document in documents])
    names = list(doomed.values_list("file", flat=True))
    doomed.delete()
    storage = PracticeDocument._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


def _title_from(file_name: str) -> str:
    """“Annual_report-2008.pdf” → “Annual report 2008”."""
    stem = Path(file_name).stem.replace("_", " ").replace("-", " ")
    return single_line(stem)[:200] or _("Report")


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
