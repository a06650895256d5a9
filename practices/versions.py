"""A practice's content as plain data: the version an editor reviewed, proposed changes.

`snapshot()` holds every field the public sees, the relations (by primary key) and the
outcomes; `version()` is a short hash of it, carried by the review page so that approving
publishes only the version the editor read. A PracticeRevision stores the changed keys of
a snapshot; `applied()` shows them in place and `compare()` field by field.

The texts are kept per language: `title` is the default language's (English) text, as it
always was, `title_fr` the French one, and so on (`text_key`); `text_column` names the
database column each key is stored in.
"""

import copy
import difflib
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cities.models import Organisation
from practices.models import Outcome, Practice

TEXT_FIELDS = ("title", "summary", "context", "approach", "results", "lessons")


def text_key(name: str, language: str) -> str:
    """The snapshot key of a text in a language: `title` (English), `title_fr`…"""
    return name if language == settings.LANGUAGE_CODE else f"{name}_{language}"


def text_column(key: str) -> str:
    """The column a snapshot key is stored in: `title` → `title_en`; others as they are."""
    return f"{key}_{settings.LANGUAGE_CODE}" if key in TEXT_FIELDS else key


TEXT_KEYS = tuple(
    text_key(name, code) for name in TEXT_FIELDS for code, _name in settings.LANGUAGES
)

CONTENT_FIELDS = (
    *TEXT_KEYS,
    "scope",
    "lead_organisation",
    "instrument",
    "start_year",
    "end_year",
    "funding_amount",
    "funding_currency",
    "funding_period",
    "funding_note",
    "website",
    "image",
    "image_alt",
)
RELATIONS = ("cities", "partners", "themes", "target_groups", "commitments", "adapted_from")
OUTCOME_FIELDS = ("label", "qualifier", "value", "unit", "year", "source")


def plain(value: Any) -> Any:
    """A field's value as JSON can hold it, equal whenever the stored values are equal."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(practice: Practice) -> dict[str, Any]:
    """Everything the public sees of the practice (uses prefetched relations if loaded)."""
    data = {name: plain(_stored(practice, name)) for name in CONTENT_FIELDS}
    for name in RELATIONS:
        data[name] = sorted(item.pk for item in getattr(practice, name).all())
    data["outcomes"] = [
        {name: plain(getattr(outcome, name)) for name in OUTCOME_FIELDS}
        for outcome in practice.outcomes.all()
    ]
    return data


def _stored(practice: Practice, key: str) -> Any:
    """The value behind a snapshot key, read from its own column (never a fallback)."""
    value = Practice._meta.get_field(text_column(key)).value_from_object(practice)
    return (value or "") if key in TEXT_KEYS else value


def fingerprint(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


def version(practice: Practice) -> str:
    """A short hash that changes whenever anything the public would see changes."""
    return fingerprint(snapshot(practice))


# --- proposed changes to a published practice (practices.models.PracticeRevision) ----------


def _plain_field(model, name: str, value: Any) -> Any:
    if model is Practice and name in TEXT_KEYS:
        return value or ""
    field = model._meta.get_field(name)
    if field.is_relation:
        return plain(value)
    if isinstance(value, FieldFile | str) and name == "image":
        return plain(value)
    return plain(field.to_python(plain(value)))


def proposed_snapshot(
    current: dict[str, Any], fields: dict[str, Any], outcomes: list[dict] | None
) -> dict[str, Any]:
    """`current` with the proposed fields, relations and outcomes laid over it."""
    proposed = dict(current)
    for name, value in fields.items():
        if name in RELATIONS:
            proposed[name] = sorted(plain(item) for item in value)
        elif name in CONTENT_FIELDS:
            proposed[name] = _plain_field(Practice, name, value)
    if outcomes is not None:
        proposed["outcomes"] = [
            {
                name: _plain_field(Outcome, name, row.get(name, OUTCOME_DEFAULTS[name]))
                for name in OUTCOME_FIELDS
            }
            for row in outcomes
        ]
    return proposed


OUTCOME_DEFAULTS = {
    "label": "",
    "qualifier": "",
    "value": None,
    "unit": "",
    "year": None,
    "source": "",
}


def changed(current: dict[str, Any], proposed: dict[str, Any]) -> dict[str, Any]:
    """The proposed values that differ from the current ones."""
    return {name: value for name, value in proposed.items() if current.get(name) != value}


def service_fields(changes: dict[str, Any]) -> tuple[dict[str, Any], list[dict] | None]:
    """The changes as practices.services.update_practice takes them: fields and outcomes."""
    fields = {
        ("lead_organisation_id" if name == "lead_organisation" else text_column(name)): value
        for name, value in changes.items()
        if name != "outcomes"
    }
    return fields, changes.get("outcomes")


def applied(practice: Practice, changes: dict[str, Any]) -> Practice:
    """An unsaved copy of the practice with the changes, relations and outcomes in place.

    For showing a proposed change as the public would see it, and for prefilling the
    form; the copy is never saved.
    """
    copy_ = copy.copy(practice)
    copy_._prefetched_objects_cache = dict(getattr(practice, "_prefetched_objects_cache", {}))
    for name, value in changes.items():
        if name == "lead_organisation":
            copy_.lead_organisation = Organisation.objects.filter(pk=value).first()
        elif name in RELATIONS:
            model = Practice._meta.get_field(name).related_model
            copy_._prefetched_objects_cache[name] = model.objects.filter(pk__in=value)
            if name == "adapted_from":
                published = Practice.objects.published().filter(pk__in=value).order_by("title")
                copy_.public_adapted_from = list(published)
        elif name == "outcomes":
            copy_._prefetched_objects_cache["outcomes"] = [
                Outcome(position=position, **{key: row.get(key) for key in OUTCOME_FIELDS})
                for position, row in enumerate(value)
            ]
        else:
            column = text_column(name)
            setattr(copy_, column, Practice._meta.get_field(column).to_python(value))
    if "outcomes" in changes:
        for outcome in copy_._prefetched_objects_cache["outcomes"]:
            outcome.value = Decimal(str(outcome.value))
    return copy_


@dataclass(frozen=True)
class Difference:
    label: str
    published: str
    proposed: str
    diff: str  # HTML: the words removed in <del>, the words added in <ins>


def compare(practice: Practice, changes: dict[str, Any]) -> list[Difference]:
    """Field by field, what the published practice says and what is proposed instead."""
    proposed = applied(practice, changes)
    rows = []
    for name in (*CONTENT_FIELDS, *RELATIONS, "outcomes"):
        if name not in changes:
            continue
        before, after = _display(practice, name), _display(proposed, name)
        label = _label(name)
        rows.append(Difference(capfirst(label), before, after, word_diff(before, after)))
    return rows


def _label(name: str) -> str:
    """A snapshot key's name for people: "Title", "Title (French)"."""
    if name == "outcomes":
        return _("Outcomes")
    base, _sep, language = name.rpartition("_")
    if name in TEXT_KEYS and name not in TEXT_FIELDS:
        field = Practice._meta.get_field(base).verbose_name
        return f"{field} ({dict(settings.LANGUAGES)[language]})"
    return str(Practice._meta.get_field(name).verbose_name)


def _display(practice: Practice, name: str) -> str:
    if name in RELATIONS:
        return "; ".join(str(item) for item in getattr(practice, name).all())
    if name == "outcomes":
        return "\n".join(
            f"{outcome.label}: {outcome.display_value}"
            + (f" ({outcome.year})" if outcome.year else "")
            for outcome in practice.outcomes.all()
        )
    if name in TEXT_KEYS:
        return _stored(practice, name)
    field = Practice._meta.get_field(name)
    if field.choices:
        return str(getattr(practice, f"get_{name}_display")())
    value = getattr(practice, name)
    if isinstance(value, FieldFile):
        return value.name or ""
    return "" if value is None else str(value)


def word_diff(before: str, after: str) -> str:
    """The change from `before` to `after` word by word, escaped, as <del> and <ins>."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 (every part is escaped above)


def revision_version(practice: Practice, changes: dict[str, Any]) -> str:
    """Changes when either the proposal or the published practice it changes does."""
    return fingerprint({"practice": snapshot(practice), "changes": changes})
