"""Prefix suggestions for the search box: themes, cities, organisations, practices, reports."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Length

from cities.models import City, Organisation
from core.search import with_starting_words
from practices.models import Practice, Theme
from publications.models import Publication

MIN_LENGTH = 2
# Rows looked at per kind, however many match ("hous" is in 8,700 of 100,000 titles):
# the first found through the trigram index, of which the shortest are offered.
CANDIDATES = 50


@dataclass(frozen=True)
class Suggestion:
    type: str
    label: str
    url: str


# What is offered, in order, and how many of each at most.
SOURCES: tuple[tuple[str, int], ...] = (
    ("theme", 3),
    ("city", 3),
    ("organisation", 3),
    ("practice", 5),
    ("publication", 3),
)


def _candidates(kind: str, text: str) -> QuerySet:
    if kind == "theme":
        return with_starting_words(Theme.objects.only("name", "slug"), text, "name")
    if kind == "city":
        return with_starting_words(City.objects.only("name", "slug"), text, "name")
    if kind == "organisation":
        return with_starting_words(
            Organisation.objects.active().only("name", "slug"), text, "name", "acronym"
        )
    if kind == "practice":
        return with_starting_words(
            Practice.objects.published().only("title", "slug"), text, "title"
        )
    return with_starting_words(Publication.objects.published().only("title", "slug"), text, "title")


def suggestions(text: str) -> list[Suggestion]:
    """Records with a word starting with each word typed, shortest names first.

    One query per kind, whatever the number of matches, bounded by CANDIDATES; only
    published practices and publications.
    """
    text = (text or "").strip()
    if len(text) < MIN_LENGTH:
        return []
    found = []
    for kind, limit in SOURCES:
        label = "title" if kind in ("practice", "publication") else "name"
        candidates = _candidates(kind, text).order_by().values("pk")[:CANDIDATES]
        rows = (
            _candidates(kind, text).filter(pk__in=candidates).order_by(Length(label), label)[:limit]
        )
        found += [Suggestion(kind, getattr(row, label), row.get_absolute_url()) for row in rows]
    return found
