"""Load the initial data set from the YAML files in `portal/data/initial/`.

Every record is matched by its slug and validated with `full_clean()` before it
is written. A record whose values already match the database is not saved
again, so loading the same files twice changes nothing. The YAML files are the
source of truth for the fields listed in `_Spec.fields` (a field left out of a
record is reset to the model's default); fields they do not manage, such as a
practice's image or submitter, are left as editors set them.

A record someone has changed since it was loaded is never overwritten: when the
latest entry of its history is not the loader's (`LOADER_REASON`, no user), the
record, its relations and its children are left as they are and the report names
it among the skipped. Missing records are always created.

The files hold the English texts (the `<field>_en` columns). Optional files
`translations/<lang>.yaml`, one per other language of settings.LANGUAGES, fill the
`<field>_<lang>` columns of records loaded from them, matched by slug (a framework's
commitments by number); a text they leave out is kept as it is:

    themes:        {<slug>: {name: …, description: …}}
    target_groups: {<slug>: {name: …, description: …}}
    frameworks:    {<slug>: {name: …, short_name: …, description: …,
                             commitments: {<number>: {title: …, description: …}}}}
    practices:     {<slug>: {title: …, summary: …}}

Call `load_initial_data()` inside a transaction: the management command does.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from cities.models import City, Organisation
from core.history import recorded_as
from practices.models import (
    Commitment,
    Framework,
    Outcome,
    Practice,
    PracticeEvent,
    TargetGroup,
    Theme,
)
from publications.models import Contributor, Publication

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "initial"
# The history of every record this loader changes says so, with no user.
LOADER_REASON = "Loaded from the initial data set (load_initial_data)"

# libyaml's parser when PyYAML was built with it; both only build plain Python values.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Columns never compared or written from data: keys and bookkeeping.
_UNMANAGED = {"id", "created_at", "updated_at", "search_vector"}


class DataError(Exception):
    """A data file or record that cannot be loaded.

    The message names the file, the record's slug and the field at fault.
    """


@dataclass
class LoadReport:
    """What one load found in the files and what it did to the database."""

    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "practice “slug”", edited since loaded
    # Per language with a translations file: records whose translation was written, or not.
    translated: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, label: str, number: int = 1) -> None:
        self.counts[label] = self.counts.get(label, 0) + number

    def summary(self) -> str:
        found = ", ".join(f"{number} {label}" for label, number in self.counts.items())
        done = f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"
        if self.skipped:
            done += f", skipped {len(self.skipped)} edited since they were loaded"
        for language, numbers in self.translated.items():
            done += (
                f"; {language}: translated {numbers['updated']}, unchanged {numbers['unchanged']}"
            )
        return f"{found}; {done}."


@dataclass(frozen=True)
class _Spec:
    """How the records of one kind map onto a model."""

    model: type[models.Model]
    label: str  # singular, for messages
    plural: str  # for the summary
    fields: tuple[str, ...]  # plain fields the data manages
    refs: dict[str, type[models.Model]] = field(default_factory=dict)  # FK name -> model
    m2m: dict[str, type[models.Model]] = field(default_factory=dict)  # M2M name -> model
    extra: tuple[str, ...] = ()  # other keys a record may carry, handled by the loader


_TAXONOMY_FIELDS = ("name", "description")

THEME = _Spec(Theme, "theme", "themes", _TAXONOMY_FIELDS)
TARGET_GROUP = _Spec(TargetGroup, "target group", "target groups", _TAXONOMY_FIELDS)
CITY = _Spec(
    City,
    "city",
    "cities",
    (
        "name",
        "country",
        "latitude",
        "longitude",
        "population",
        "population_year",
        "website",
        "description",
    ),
)
ORGANISATION = _Spec(
    Organisation,
    "organisation",
    "organisations",
    ("name", "acronym", "kind", "country", "website", "description"),
    refs={"city": City},
)
FRAMEWORK = _Spec(
    Framework,
    "framework",
    "frameworks",
    ("name", "short_name", "description", "adopted_year", "website"),
    refs={"owner": Organisation},
    extra=("commitments",),
)
COMMITMENT = _Spec(Commitment, "commitment", "commitments", ("number", "title", "description"))
PRACTICE = _Spec(
    Practice,
    "practice",
    "practices",
    (
        "title",
        "summary",
        "context",
        "approach",
        "results",
        "lessons",
        "scope",
        "instrument",
        "start_year",
        "end_year",
        "status_as_of",
        "funding_amount",
        "funding_currency",
        "funding_period",
        "funding_note",
        "website",
        "status",
        "published_at",
    ),
    refs={"lead_organisation": Organisation},
    m2m={
        "cities": City,
        "partners": Organisation,
        "themes": Theme,
        "target_groups": TargetGroup,
        "commitments": Commitment,
    },
    extra=("outcomes",),
)
PUBLICATION = _Spec(
    Publication,
    "publication",
    "publications",
    (
        "title",
        "subtitle",
        "kind",
        "status",
        "publication_date",
        "date_precision",
        "event_name",
        "event_start",
        "event_end",
        "summary",
        "external_url",
    ),
    refs={"publisher": Organisation, "event_city": City},
    m2m={
        "partners": Organisation,
        "themes": Theme,
        "target_groups": TargetGroup,
        "cities": City,
        "practices": Practice,
        "commitments": Commitment,
    },
    extra=("contributors",),
)
TRANSLATIONS_DIR = "translations"
COMMITMENT_TEXTS = ("title", "description")
# The sections of a translations file: the model and the texts a record may translate.
TRANSLATED = {
    "themes": (Theme, _TAXONOMY_FIELDS),
    "target_groups": (TargetGroup, _TAXONOMY_FIELDS),
    "frameworks": (Framework, ("name", "short_name", "description", "commitments")),
    "practices": (Practice, ("title", "summary", "context", "approach", "results", "lessons")),
}
# Set when a record is first loaded; afterwards they are the editors' to change.
MODERATION_FIELDS = ("status", "published_at")
OUTCOME_FIELDS = ("label", "qualifier", "value", "unit", "year", "source")
CONTRIBUTOR_FIELDS = ("name", "role", "affiliation")


def load_initial_data(data_dir: Path | str = DEFAULT_DATA_DIR) -> LoadReport:
    """Create or update every record in the data files; return what was done."""
    # The main files are English whatever language the caller is in.
    with recorded_as(None, reason=LOADER_REASON), translation.override(settings.LANGUAGE_CODE):
        return _Loader(Path(data_dir)).load()


class _Loader:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.report = LoadReport()

    def load(self) -> LoadReport:
        if not self.data_dir.is_dir():
            raise DataError(f"{self.data_dir}: no such data directory.")
        self._load_taxonomy()
        self._load_simple("cities.yaml", CITY)
        self._load_simple("organisations.yaml", ORGANISATION)
        self._load_frameworks()
        self._load_practices()
        self._load_publications()
        for language, _name in settings.LANGUAGES:
            if language != settings.LANGUAGE_CODE:
                self._load_translations(language)
        return self.report

    # --- one method per file ----------------------------------------------------------

    def _load_taxonomy(self) -> None:
        path, content = self._read("taxonomy.yaml", expect=dict)
        self._check_keys(path, "file", "", content, {"themes", "target_groups"})
        for key, spec in (("themes", THEME), ("target_groups", TARGET_GROUP)):
            records = self._as_list(path, content.get(key, []), key)
            for position, record in enumerate(records, start=1):
                self._record(path, spec, record, fixed={"position": position})

    def _load_simple(self, filename: str, spec: _Spec) -> None:
        path, records = self._read(filename, expect=list)
        for record in records:
            self._record(path, spec, record)

    def _load_frameworks(self) -> None:
        path, records = self._read("frameworks.yaml", expect=list)
        for record in records:
            self._record(path, FRAMEWORK, record, children=self._commitments)

    def _commitments(self, path: Path, framework: Framework, record: dict) -> bool:
        """Upsert a framework's commitments; drop the ones the file no longer has."""
        changed = False
        slugs = []
        for item in self._as_list(path, record.get("commitments", []), "commitments"):
            number = item.get("number") if isinstance(item, dict) else None
            if not isinstance(number, int):
                raise DataError(
                    f"{path}: framework “{framework.slug}”: commitments: "
                    f"every commitment needs a whole `number`."
                )
            slug = f"{framework.slug}-{number}"
            slugs.append(slug)
            self._record(path, COMMITMENT, {**item, "slug": slug}, fixed={"framework": framework})
        stale = Commitment.objects.filter(framework=framework).exclude(slug__in=slugs)
        if stale.exists():
            stale.delete()
            changed = True
        return changed

    def _load_practices(self) -> None:
        path, content = self._read("practices.yaml", expect=dict)
        self._check_keys(path, "file", "", content, {"defaults", "outcome_defaults", "practices"})
        defaults = content.get("defaults") or {}
        self.outcome_defaults = content.get("outcome_defaults") or {}
        for record in self._as_list(path, content.get("practices", []), "practices"):
            record = {**defaults, **record} if isinstance(record, dict) else record
            practice = self._record(path, PRACTICE, record, children=self._outcomes)
            self._start_history(practice)

    def _outcomes(self, path: Path, practice: Practice, record: dict) -> bool:
        items = self._as_list(path, record.get("outcomes", []), "outcomes")
        wanted = []
        for position, item in enumerate(items, start=1):
            where = f"{path}: practice “{practice.slug}”: outcomes[{position}]"
            values = {**self.outcome_defaults, **self._mapping(where, item)}
            self._check_keys(path, "practice", practice.slug, values, set(OUTCOME_FIELDS))
            outcome = Outcome(practice=practice, position=position)
            self._assign(outcome, OUTCOME_FIELDS, values)
            self._validate(outcome, where)
            wanted.append(outcome)
        self.report.count("outcomes", len(wanted))
        return self._replace_children(practice.outcomes.all(), wanted, OUTCOME_FIELDS)

    def _start_history(self, practice: Practice) -> None:
        """Give a newly loaded practice the first step of its moderation history."""
        if practice.events.exists():
            return
        PracticeEvent.objects.create(
            practice=practice,
            from_status="",
            to_status=practice.status,
            note="Loaded from the initial data set.",
            created_at=practice.published_at or practice.created_at,
        )

    def _load_publications(self) -> None:
        path, content = self._read("publications.yaml", expect=dict)
        self._check_keys(path, "file", "", content, {"defaults", "publications"})
        defaults = content.get("defaults") or {}
        for record in self._as_list(path, content.get("publications", []), "publications"):
            record = {**defaults, **record} if isinstance(record, dict) else record
            self._record(path, PUBLICATION, record, children=self._contributors)

    def _contributors(self, path: Path, publication: Publication, record: dict) -> bool:
        items = self._as_list(path, record.get("contributors", []), "contributors")
        wanted = []
        for position, item in enumerate(items, start=1):
            where = f"{path}: publication “{publication.slug}”: contributors[{position}]"
            values = self._mapping(where, item)
            self._check_keys(path, "publication", publication.slug, values, set(CONTRIBUTOR_FIELDS))
            contributor = Contributor(publication=publication, position=position)
            self._assign(contributor, CONTRIBUTOR_FIELDS, values)
            self._validate(contributor, where)
            wanted.append(contributor)
        self.report.count("contributors", len(wanted))
        return self._replace_children(publication.contributors.all(), wanted, CONTRIBUTOR_FIELDS)

    # --- translations/<lang>.yaml ---------------------------------------------------------

    def _load_translations(self, language: str) -> None:
        path = self.data_dir / TRANSLATIONS_DIR / f"{language}.yaml"
        if not path.is_file():
            return
        path, content = self._read(f"{TRANSLATIONS_DIR}/{language}.yaml", expect=dict)
        self._check_keys(path, "file", "", content, set(TRANSLATED))
        self.report.translated[language] = {"updated": 0, "unchanged": 0}
        for section, (model, names) in TRANSLATED.items():
            records = self._mapping(f"{path}: {section}", content.get(section) or {})
            for slug, texts in records.items():
                record = self._translated_record(path, model, str(slug))
                texts = dict(self._mapping(f"{path}: {section}: {slug}", texts))
                children = texts.pop("commitments", None) if model is Framework else None
                self._translate(path, record, language, names, texts)
                if children is not None:
                    self._translate_commitments(path, record, language, children)

    def _translate_commitments(self, path: Path, framework, language: str, items) -> None:
        where = f"{path}: frameworks: {framework.slug}: commitments"
        for number, texts in self._mapping(where, items).items():
            commitment = framework.commitments.filter(number=_whole(where, number)).first()
            if commitment is None:
                raise DataError(f"{where}: {framework.slug} has no commitment {number}.")
            texts = self._mapping(f"{where}: {number}", texts)
            self._translate(path, commitment, language, COMMITMENT_TEXTS, texts)

    def _translated_record(self, path: Path, model, slug: str) -> models.Model:
        found = model._default_manager.filter(slug=slug).first()
        if found is None:
            raise DataError(f"{path}: no {model._meta.verbose_name} with slug “{slug}”.")
        return found

    def _translate(self, path: Path, obj, language: str, names, texts: dict) -> None:
        """Write the record's texts in `language`, unless someone edited it since loading."""
        label = f"{obj._meta.verbose_name} “{obj.slug}”"
        self._check_keys(path, str(obj._meta.verbose_name), obj.slug, texts, set(names))
        numbers = self.report.translated[language]
        if _edited_since_loaded(obj):
            if label not in self.report.skipped:
                self.report.skipped.append(label)
            return
        before = _state(obj)
        for name, value in texts.items():
            if isinstance(value, str) and value.strip():
                setattr(obj, f"{name}_{language}", value.strip())
        self._validate(obj, f"{path}: {label} ({language})")
        if _state(obj) == before:
            numbers["unchanged"] += 1
            return
        obj.save()
        numbers["updated"] += 1

    # --- the generic upsert ---------------------------------------------------------------

    def _record(
        self,
        path: Path,
        spec: _Spec,
        record: Any,
        *,
        fixed: dict[str, Any] | None = None,
        children=None,
    ) -> models.Model:
        """Create or update one record, its relations and its children."""
        record = self._mapping(f"{path}: {spec.label}", record)
        slug = record.get("slug")
        if not slug or not isinstance(slug, str):
            raise DataError(f"{path}: a {spec.label} has no `slug`: {_preview(record)}")
        allowed = {"slug", *spec.fields, *spec.refs, *spec.m2m, *spec.extra}
        self._check_keys(path, spec.label, slug, record, allowed)
        self.report.count(spec.plural)

        obj = spec.model._default_manager.filter(slug=slug).first()
        if obj is not None and _edited_since_loaded(obj):
            self.report.skipped.append(f"{spec.label} “{slug}”")
            return obj
        before = None if obj is None else _state(obj)
        if obj is None:
            obj = spec.model(slug=slug)
        values = dict(record)
        if spec.model is Practice:
            values = _practice_dates(values)
        managed = (
            spec.fields
            if before is None
            else [name for name in spec.fields if name not in MODERATION_FIELDS]
        )
        self._assign(obj, managed, values)
        for name, model in spec.refs.items():
            setattr(obj, name, self._ref(path, spec, slug, name, model, values.get(name)))
        for name, value in (fixed or {}).items():
            setattr(obj, name, value)
        self._validate(obj, f"{path}: {spec.label} “{slug}”")

        fields_changed = before is not None and _state(obj) != before
        if before is None or fields_changed:
            obj.save()

        related_changed = False
        for name, model in spec.m2m.items():
            targets = self._refs(path, spec, slug, name, model, record.get(name, []))
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {t.pk for t in targets}:
                manager.set(targets)
                related_changed = True
        if children is not None:
            related_changed = children(path, obj, record) or related_changed

        if before is None:
            self.report.created += 1
        elif fields_changed or related_changed:
            if not fields_changed and hasattr(obj, "updated_at"):
                obj.save(update_fields=["updated_at"])  # record when its relations changed
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        return obj

    def _assign(self, obj: models.Model, names: Iterable[str], values: dict) -> None:
        """Set each managed field from the record, or to its default when left out."""
        for name in names:
            model_field = obj._meta.get_field(name)
            if name in values and values[name] is not None:
                value = _normalise(model_field, values[name])
            else:
                value = model_field.get_default()
            setattr(obj, model_field.attname, value)

    def _validate(self, obj: models.Model, where: str) -> None:
        try:
            obj.full_clean(exclude=_parent_fields(obj))
            _check_text_lengths(obj)
        except ValidationError as exc:
            raise DataError(f"{where}: {_describe(exc)}") from exc

    def _ref(self, path, spec, slug, name, model, value) -> models.Model | None:
        if value in (None, ""):
            return None
        found = model._default_manager.filter(slug=value).first()
        if found is None:
            raise DataError(
                f"{path}: {spec.label} “{slug}”: {name}: no {model._meta.verbose_name} "
                f"with slug “{value}”."
            )
        return found

    def _refs(self, path, spec, slug, name, model, values) -> list[models.Model]:
        if not isinstance(values, list):
            raise DataError(f"{path}: {spec.label} “{slug}”: {name}: expected a list of slugs.")
        found = model._default_manager.in_bulk(values, field_name="slug")
        missing = [value for value in values if value not in found]
        if missing:
            raise DataError(
                f"{path}: {spec.label} “{slug}”: {name}: no {model._meta.verbose_name} "
                f"with slug {', '.join(f'“{m}”' for m in missing)}."
            )
        return [found[value] for value in values]

    def _replace_children(
        self, existing: models.QuerySet, wanted: list[models.Model], names: tuple[str, ...]
    ) -> bool:
        """Bring a record's outcomes or contributors in line with the data, row by row.

        Rows are updated in place, in order, so their history shows each changed value.
        """
        columns = (*names, "position")

        def values(row: models.Model) -> tuple:
            return tuple(getattr(row, name) for name in columns)

        current = list(existing.order_by("position", "pk"))
        if [values(row) for row in current] == [values(row) for row in wanted]:
            return False
        for old, new in zip(current, wanted, strict=False):
            if values(old) != values(new):
                new.pk = old.pk
                new.save(force_update=True)
        for new in wanted[len(current) :]:
            new.save(force_insert=True)
        for old in current[len(wanted) :]:
            old.delete()
        return True

    # --- reading --------------------------------------------------------------------------

    def _read(self, filename: str, *, expect: type) -> tuple[Path, Any]:
        path = self.data_dir / filename
        try:
            content = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506
        except FileNotFoundError as exc:
            raise DataError(f"{path}: file not found.") from exc
        except yaml.YAMLError as exc:
            raise DataError(f"{path}: not valid YAML: {exc}") from exc
        if content is None:
            content = expect()
        if not isinstance(content, expect):
            raise DataError(f"{path}: expected a {'list' if expect is list else 'mapping'}.")
        return path, content

    def _as_list(self, path: Path, value: Any, key: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise DataError(f"{path}: `{key}` must be a list.")
        return value

    def _mapping(self, where: str, value: Any) -> dict:
        if not isinstance(value, dict):
            raise DataError(f"{where}: expected a mapping of fields, got {_preview(value)}")
        return value

    def _check_keys(self, path, label: str, slug: str, record: dict, allowed: set) -> None:
        unknown = sorted(set(record) - allowed)
        if unknown:
            who = f"{label} “{slug}”" if slug else label
            raise DataError(f"{path}: {who}: {unknown[0]}: unknown field.")


# --- helpers ------------------------------------------------------------------------------


def _edited_since_loaded(obj: models.Model) -> bool:
    """Whether the latest change in the record's history was someone's other than the loader's.

    A record with no history (a kind without one, or changed only by SQL) counts as loaded.
    """
    history = getattr(obj, "history", None)
    if history is None:
        return False
    latest = (
        history.order_by("-history_date", "-history_id")
        .values("history_change_reason", "history_user_id")
        .first()
    )
    if latest is None:
        return False
    return latest["history_change_reason"] != LOADER_REASON or latest["history_user_id"] is not None


def _state(obj: models.Model) -> dict[str, Any]:
    """The values of a record's managed columns, comparable before and after an update."""
    return {
        f.attname: f.get_prep_value(f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if f.attname not in _UNMANAGED
    }


def _normalise(model_field: models.Field, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if isinstance(model_field, models.DecimalField) and isinstance(value, float | int):
        return Decimal(str(value))  # exact, not the float's binary expansion
    if isinstance(model_field, models.DateTimeField) and isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return value


def _practice_dates(values: dict) -> dict:
    """Parse `published_at`; only a published or archived practice keeps one."""
    values = dict(values)
    published_at = values.get("published_at")
    if isinstance(published_at, str):
        # An unreadable value stays a string; full_clean reports it on the field.
        with contextlib.suppress(ValueError):
            published_at = datetime.datetime.fromisoformat(published_at)
    if values.get("status") not in (Practice.Status.PUBLISHED, Practice.Status.ARCHIVED):
        published_at = None
    values["published_at"] = published_at
    return values


def _whole(where: str, number: Any) -> int:
    """A commitment number written as a YAML key: 3 or "3"."""
    if isinstance(number, int) or (isinstance(number, str) and number.isdigit()):
        return int(number)
    raise DataError(f"{where}: “{number}” is not a commitment number.")


def _parent_fields(obj: models.Model) -> list[str]:
    """Foreign keys to a parent that is being saved in the same load."""
    return {Outcome: ["practice"], Contributor: ["publication"]}.get(type(obj), [])


def _check_text_lengths(obj: models.Model) -> None:
    """`full_clean` does not enforce a TextField's max_length; the forms do, so we do too."""
    errors = {}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        limit = model_field.max_length
        if isinstance(model_field, models.TextField) and limit and len(value or "") > limit:
            errors[model_field.name] = [
                f"Ensure this value has at most {limit} characters (it has {len(value)})."
            ]
    if errors:
        raise ValidationError(errors)


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{'record' if name == '__all__' else name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
