"""Who changed what, when: django-simple-history, wired to the portal's services and admin.

Every tracked model declares `history = HistoricalRecords(...)` from here. In a request
the changing user comes from simple-history's middleware; services and commands that
run outside one (or act for someone else) say who acts with `recorded_as(user)`:

    with recorded_as(None, reason="Loaded from the initial data set"):
        ...  # every save in here is recorded as the loader's, with that reason
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import simple_history.models
from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name


@dataclass(frozen=True)
class _Actor:
    user: Any  # a user, or None for the system (a command, the initial data loader)
    reason: str


_actor: ContextVar[_Actor | None] = ContextVar("history_actor", default=None)


@contextmanager
def recorded_as(user, *, reason: str = "") -> Iterator[None]:
    """Record the changes saved inside the block as made by `user` (None: the system)."""
    token = _actor.set(_Actor(user=user, reason=reason))
    try:
        yield
    finally:
        _actor.reset(token)


def history_user(request=None, **kwargs):
    """The user a change is recorded for: the one `recorded_as` names, else the request's."""
    actor = _actor.get()
    if actor is not None:
        return actor.user
    return getattr(request, "user", None)


def change_reason() -> str | None:
    """The reason `recorded_as` gives for the changes being saved, if any."""
    actor = _actor.get()
    return (actor.reason or None) if actor else None


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """simple-history's records, taking the user and reason from `recorded_as` too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("get_user", history_user)
        super().__init__(*args, **kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or (
            change_reason()
        )


class _ChoiceLabels(HistoricalRecordContextHelper):
    """Show choices by their labels ("Published", not "published") on the history page."""

    def prepare_delta_change_value(self, change, value):
        model_field = self.model._meta.get_field(change.field)
        if model_field.choices and not isinstance(value, list):
            return dict(model_field.flatchoices).get(value, value) if value != "" else "—"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin's history page: who changed what and when, each field's old → new value.

    History is a record, never an undo button: reverting would bypass review and the
    services, so a version can be looked at but not saved back.
    """

    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 50

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return _ChoiceLabels(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changes since the one before, in a fixed number of queries.

        simple-history diffs many-to-many fields with two queries per field and record;
        here each field's rows for the whole page come in one query.
        """
        records = list(historical_records)
        if not records:
            return
        older = records[-1].prev_record  # the page's oldest record is diffed against it
        compared = records + ([older] if older is not None else [])
        m2m_fields = [field.name for field in type(records[0])._history_m2m_fields]
        related = _related_names(compared, m2m_fields)
        for new, old in pairwise(compared):
            delta = new.diff_against(old, excluded_fields=m2m_fields, foreign_keys_are_objs=True)
            changes = self.get_historical_record_context_helper(request, new)
            changes = changes.context_for_delta_changes(delta)
            for name in m2m_fields:
                before, after = related[name][old.history_id], related[name][new.history_id]
                if before != after:
                    label = capfirst(self.model._meta.get_field(name).verbose_name)
                    changes.append({"field": label, "old": before, "new": after})
            new.history_delta_changes = changes


def _related_names(records: list, m2m_fields: list[str]) -> dict[str, dict[Any, str]]:
    """For each many-to-many field, the related names each record held, as one string."""
    history_ids = [record.history_id for record in records]
    names: dict[str, dict[Any, list[str]]] = {}
    for field_name in m2m_fields:
        original = records[0].instance_type._meta.get_field(field_name)
        target = get_m2m_reverse_field_name(original)
        rows = getattr(records[0], field_name).model.objects.filter(history_id__in=history_ids)
        held = defaultdict(list)
        for row in rows.select_related(target):
            related = getattr(row, target, None)
            held[row.history_id].append(str(related) if related else _("(deleted)"))
        names[field_name] = defaultdict(str, {k: ", ".join(sorted(v)) for k, v in held.items()})
    return names


@dataclass(frozen=True)
class ChildChange:
    """One change to a child row (an outcome of a practice), for the parent's history page."""

    record: Any  # the historical record: history_date, history_user, history_type…
    summary: str  # the row as it stood after the change (before it, for a deletion)
    changes: list[dict]  # field, old, new (formatted for display) for an update


def child_changes(model, history, *, limit: int) -> list[ChildChange]:
    """The newest `limit` changes in `history` (a historical queryset of `model`), newest first."""
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    latest: dict[Any, Any] = {}
    found = []
    for record in records:
        previous = latest.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["practice"])
            changes = _ChoiceLabels(model, record).context_for_delta_changes(delta)
        found.append(ChildChange(record=record, summary=str(record.instance), changes=changes))
        latest[record.id] = record
    return found[::-1][:limit]
