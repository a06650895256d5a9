"""Every write to a practice: one keyword-only function per step.

Views, admin, API and commands call these. Each step asks practices/permissions.py
whether `by` may take it, works on the row locked for update, and sends its mail inside
the same transaction: when the mail cannot be sent the step changes nothing.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.history import recorded_as
from core.mail import MailNotSent, single_line  # noqa: F401 (callers catch MailNotSent here)
from practices import notifications, permissions, versions
from practices.models import (
    MAX_DOCUMENTS_PER_PRACTICE,
    MAX_OUTCOMES_PER_PRACTICE,
    Outcome,
    Practice,
    PracticeDocument,
    PracticeEvent,
    PracticeRevision,
)
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


class PracticeChanged(Refused):
    """The practice changed after the editor opened it: they approve what they saw, or nothing."""

    def __init__(self, practice: Practice):
        super().__init__(
            _(
                "“%(title)s” was changed after you opened this page, so it is not published. "
                "This is the new version: read it, then decide again."
            )
            % {"title": practice.title}
        )


RELATIONS = ("cities", "partners", "themes", "target_groups", "commitments", "adapted_from")


def _move(
    *,
    practice: Practice,
    to: str,
    by: User | None,
    action: Action,
    note: str = "",
    notify: Callable[[Practice], object] | None = None,
    seen_version: str | None = None,
) -> Practice:
    """Move a practice to a new status if `by` may, record the step and send its mail.

    `notify` (the step's mail) runs inside the same transaction with the moved practice:
    if it raises, e.g. core.mail.MailNotSent, nothing is changed, not even `practice`.
    """
    with transaction.atomic(), recorded_as(by):
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, action, locked)
        if not locked.can_move_to(to):
            raise InvalidTransition(locked.status, to)
        if seen_version is not None and versions.version(locked) != seen_version:
            raise PracticeChanged(locked)
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
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))  # through the model, so history records it
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
    Raises Refused when the user may not submit practices, and
    django.core.exceptions.ValidationError when the practice is invalid (an official's
    practice must include their city).
    """
    permissions.require(by, Action.CREATE)
    fields = {versions.text_column(name): value for name, value in fields.items()}
    chosen_slug = fields.pop("slug", "")
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    _require_own_city(by, relations.get("cities", []))
    attempts_left = 1 if chosen_slug else SLUG_ATTEMPTS
    while True:
        _refuse_duplicate(by=by, creation_key=creation_key)
        practice = Practice(
            status=Status.DRAFT,
            submitted_by=by,
            slug=chosen_slug or unique_slug(_any_title(fields)),
            creation_key=creation_key,
            **fields,
        )
        try:
            with transaction.atomic(), recorded_as(by):
                # The database settles slug and key races; full_clean could only guess.
                practice.full_clean(exclude=[] if chosen_slug else ["slug", "creation_key"])
                practice._history_user = by
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


def _any_title(fields: dict) -> str:
    """The practice's title in the language it is written in, for its slug."""
    titles = [value for name, value in fields.items() if name.startswith("title_") and value]
    return fields.get(f"title_{fields.get('original_language', '')}") or next(iter(titles), "")


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


def approve_practice(
    *, practice: Practice, by: User, note: str = "", version: str | None = None
) -> Practice:
    """Publish a submitted practice (or the editor's own draft) and tell its submitter.

    `version` is practices.versions.version() of the practice the editor reviewed; if the
    practice has changed since, PracticeChanged is raised and nothing is published.
    """
    return _move(
        practice=practice,
        to=Status.PUBLISHED,
        by=by,
        action=Action.APPROVE,
        note=note,
        seen_version=version,
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


def verify_practice(*, practice: Practice, by: User, on: datetime.date | None = None) -> Practice:
    """Record that an editor confirmed today (or `on`) that the published practice is still
    accurate; the change is kept in its history like any other."""
    on = on or timezone.localdate()
    with transaction.atomic(), recorded_as(by):
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, Action.VERIFY, locked)
        locked.last_verified = on
        locked._history_user = by
        locked.save(update_fields=["last_verified"])  # through the model: history records it
    practice.last_verified = on
    return practice


def update_practice(
    *,
    practice: Practice,
    by: User,
    outcomes: list[dict] | None = None,
    documents: list[dict] | None = None,
    removed_documents: Iterable[PracticeDocument] = (),
    **fields,
) -> Practice:
    """Change a practice's content; its moderation status stays as it is.

    Its city team changes a draft (PracticeNotEditable while it is in review or once it
    is reviewed); editors change any practice, and their change is live at once.
    `outcomes`, when given, replace the old ones; `removed_documents` are taken off and
    `documents` (dicts as `add_documents` takes them) added. Raises Refused when `by` may
    not, and django.core.exceptions.ValidationError when the result is invalid.
    """
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    with transaction.atomic(), recorded_as(by):
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, Action.EDIT, locked)
        _require_own_city(by, relations.get("cities"))
        old_image = locked.image.name
        for name, value in fields.items():
            setattr(locked, versions.text_column(name), value)
        locked.full_clean()
        locked._history_user = by
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
    django.core.exceptions.ValidationError (keyed `outcomes`) if one is invalid or
    there are more than MAX_OUTCOMES_PER_PRACTICE. Rows are updated in place, in order,
    so history shows what changed in each one.
    """
    if len(outcomes) > MAX_OUTCOMES_PER_PRACTICE:
        raise ValidationError(
            {
                "outcomes": _("A practice can have at most %(max)d outcomes.")
                % {"max": MAX_OUTCOMES_PER_PRACTICE}
            },
            code="too_many_outcomes",
        )
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
            _keep_other_translations(row, old)
            if _outcome_values(row) != _outcome_values(old):
                row.save(force_update=True)
        for row in rows[len(current) :]:
            row.save(force_insert=True)
        for old in current[len(rows) :]:
            old.delete()
    return rows


def _keep_other_translations(row: Outcome, old: Outcome) -> None:
    """A row saved in one language keeps the label and unit the others had; in the language
    it is saved in, a text left out is empty, as outcomes replace what was there."""
    writing = translation.get_language() or settings.LANGUAGE_CODE
    for name in OUTCOME_TRANSLATED:
        for code, _name in settings.LANGUAGES:
            column = f"{name}_{code}"
            if code != writing and getattr(row, column) is None:
                setattr(row, column, getattr(old, column))


OUTCOME_TRANSLATED = ("label", "unit")


def _outcome_values(outcome: Outcome) -> tuple:
    return tuple(getattr(outcome, name) for name in OUTCOME_FIELDS)


OUTCOME_FIELDS = ("position", "label", "qualifier", "value", "unit", "year", "source")


# --- proposed changes to published practices ----------------------------------------------


def propose_revision(
    *, practice: Practice, by: User, outcomes: list[dict] | None = None, **fields
) -> PracticeRevision:
    """Propose changes to a published practice; the public sees them once an editor approves.

    Only the changed fields are kept, so an editor's later edit of another field stands.
    The proposer's own open proposal (pending or sent back) is updated and waits for
    review again; another person's open proposal is a Refused conflict. Raises
    ValidationError when the result would be invalid or changes nothing.
    """
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, Action.PROPOSE_REVISION, locked)
        _require_own_city(by, fields.get("cities"))
        revision = locked.revisions.filter(status__in=PracticeRevision.OPEN_STATUSES).first()
        if revision is not None:
            permissions.require_revision(by, Action.EDIT, revision)
        if "image" in fields and not isinstance(fields["image"], str):
            fields["image"] = _store_proposed_image(locked, fields["image"])
        current = versions.snapshot(locked)
        changes = versions.changed(current, versions.proposed_snapshot(current, fields, outcomes))
        if not changes:
            raise ValidationError(_("Nothing is changed: edit a field to propose a change."))
        _validate_changes(locked, changes)
        if revision is None:
            revision = PracticeRevision(practice=locked, proposed_by=by)
        revision.changes = changes
        revision.status = PracticeRevision.Status.PENDING
        revision.save()
        notifications.tell_editors(
            practice=locked, template="revision_proposed", by=by, revision=revision
        )
    return revision


def _store_proposed_image(practice: Practice, upload) -> str:
    """Save an image proposed for a published practice; its name goes into the proposal."""
    field = Practice._meta.get_field("image")
    name = field.generate_filename(practice, upload.name)
    return field.storage.save(name, upload, max_length=field.max_length)


def _validate_changes(practice: Practice, changes: dict) -> None:
    """ValidationError if the practice with these changes would be invalid."""
    proposed = versions.applied(practice, changes)
    proposed.full_clean(exclude=["slug"])
    for outcome in proposed.outcomes.all() if "outcomes" in changes else []:
        try:
            outcome.full_clean(exclude=["practice"])
        except ValidationError as error:
            raise ValidationError({"outcomes": error.messages}) from None


def approve_revision(
    *, revision: PracticeRevision, by: User, note: str = "", version: str | None = None
) -> PracticeRevision:
    """Apply a proposed change to its published practice, as an editor's edit, and say so.

    `version` is practices.versions.revision_version() of what the editor reviewed;
    PracticeChanged is raised, and nothing applied, if the proposal or the practice has
    changed since.
    """
    with transaction.atomic():
        locked = PracticeRevision.objects.select_for_update().get(pk=revision.pk)
        permissions.require_revision(by, Action.APPROVE, locked)
        practice = Practice.objects.select_for_update().get(pk=locked.practice_id)
        if version is not None and versions.revision_version(practice, locked.changes) != version:
            raise PracticeChanged(practice)
        fields, outcomes = versions.service_fields(locked.changes)
        update_practice(practice=practice, by=by, outcomes=outcomes, **fields)
        _decide(locked, status=PracticeRevision.Status.APPROVED, by=by, note=note)
        notifications.tell_proposer(revision=locked, template="revision_approved", by=by, note=note)
    return locked


def send_back_revision(*, revision: PracticeRevision, by: User, note: str) -> PracticeRevision:
    """Return a proposed change to its proposer with what to change; the public text stays."""
    note = _require_note(note)
    with transaction.atomic():
        locked = PracticeRevision.objects.select_for_update().get(pk=revision.pk)
        permissions.require_revision(by, Action.SEND_BACK, locked)
        _decide(locked, status=PracticeRevision.Status.SENT_BACK, by=by, note=note)
        notifications.tell_proposer(
            revision=locked, template="revision_sent_back", by=by, note=note
        )
    return locked


def reject_revision(*, revision: PracticeRevision, by: User, note: str) -> PracticeRevision:
    """Refuse a proposed change for good, with the reason; the public text stays."""
    note = _require_note(note)
    with transaction.atomic():
        locked = PracticeRevision.objects.select_for_update().get(pk=revision.pk)
        permissions.require_revision(by, Action.REJECT, locked)
        _decide(locked, status=PracticeRevision.Status.REJECTED, by=by, note=note)
        notifications.tell_proposer(revision=locked, template="revision_rejected", by=by, note=note)
        proposed_image = locked.changes.get("image")
        if proposed_image:
            transaction.on_commit(lambda: _delete_unused_image(proposed_image))
    return locked


def _decide(revision: PracticeRevision, *, status: str, by: User, note: str) -> None:
    revision.status = status
    revision.reviewed_by = by
    revision.review_note = note
    revision.decided_at = timezone.now() if status != PracticeRevision.Status.SENT_BACK else None
    revision.save()
