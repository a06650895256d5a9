"""Schemathesis hooks for `make schemathesis` (loaded through SCHEMATHESIS_HOOKS).

One check replaces schemathesis' `positive_data_acceptance`, for the two kinds of 400 that
OpenAPI 3.0 cannot describe, both documented on the operations:

- a slug that matches the schema's pattern but names no record (`?theme=0`,
  `"cities": ["x"]`): the records change daily, so no enum can list them;
- a rule across two fields: an end year before the start year, a funding amount
  without its currency, a `page` and a `cursor` together;
- a `cursor` the API did not issue: cursors are signed and opaque, so no pattern can
  tell one of ours.

- a NUL character, which the portal refuses in every input (core/middleware.py).

A 400 for schema-valid data is accepted exactly when every message in it is one of
those, in any of the API's languages (`lang` is fuzzed too, so the messages come from the
compiled catalogues: ours, DRF's and Django's); any other rejection of schema-valid data is
still a failure.
"""

import gettext
import json
import re
from pathlib import Path

import django
import rest_framework
import schemathesis
from schemathesis.specs.openapi.checks import RejectedPositiveData, positive_data_acceptance

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "locale",
    Path(rest_framework.__file__).parent / "locale",
    Path(django.__file__).parent / "conf" / "locale",
]
LANGUAGES = ("fr", "es", "de", "nl")

#: DRF's and Django's messages for a reference to no record; placeholders match anything.
UNKNOWN_REFERENCE = (
    "Object with {slug_name}={value} does not exist.",
    'Invalid pk "{pk_value}" - object does not exist.',
    "Select a valid choice. %(value)s is not one of the available choices.",
    "Select a valid choice. That choice is not one of the available choices.",
)
ACROSS_FIELDS = {
    "The end year is before the start year.",
    "Give the currency of the funding amount.",
    "Give either a page or a cursor, not both.",
    "Results sorted by relevance have page numbers only; use page.",
}
NOT_OUR_CURSOR = {
    "This cursor is not one of ours; follow the next and previous links.",
    "This cursor belongs to another ordering or list; start again.",
}


NUL_REFUSED = {"Null characters are not allowed."}


def _translations(message: str) -> set[str]:
    """`message` and its translation in every language any catalogue has it in."""
    found = {message}
    for code in LANGUAGES:
        for folder in CATALOGUES:
            catalogue = gettext.translation("django", folder, [code], fallback=True)
            found.add(catalogue.gettext(message))
    return found


def _pattern(template: str) -> re.Pattern:
    placeholder = r"\\\{\w+\\\}|%\\\(\w+\\\)s"
    return re.compile(re.sub(placeholder, ".*", re.escape(template)) + r"\Z", re.DOTALL)


ACCEPTED = {
    translated
    for message in ACROSS_FIELDS | NOT_OUR_CURSOR | NUL_REFUSED
    for translated in _translations(message)
}
UNKNOWN_REFERENCE_PATTERNS = [
    _pattern(translated) for template in UNKNOWN_REFERENCE for translated in _translations(template)
]


def _only_rules_a_schema_cannot_state(body: bytes) -> bool:
    try:
        errors = json.loads(body)["errors"]
    except (ValueError, KeyError, TypeError):
        return False
    messages = [message for field in errors.values() for message in field]
    return bool(messages) and all(
        message in ACCEPTED or any(p.match(message) for p in UNKNOWN_REFERENCE_PATTERNS)
        for message in messages
    )


@schemathesis.check
def positive_data_acceptance_but_unknown_records(ctx, response, case):
    """Valid data is accepted, unless what is wrong is an unknown record or a cross-field rule."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 400 and _only_rules_a_schema_cannot_state(response.content):
            return None
        raise
