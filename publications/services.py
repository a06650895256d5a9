"""Writes to publications that editors make from the admin."""

from django.db import transaction
from django.db.models import QuerySet

from publications.models import Publication


def publish_publications(*, publications: QuerySet[Publication]) -> int:
    """Make publications public; returns how many changed."""
    return _set_status(publications.exclude(status=Publication.Status.PUBLISHED), "published")


def unpublish_publications(*, publications: QuerySet[Publication]) -> int:
    """Take publications out of public view; returns how many changed."""
    return _set_status(publications.exclude(status=Publication.Status.DRAFT), "draft")


def _set_status(publications: QuerySet[Publication], status: str) -> int:
    # Saved one by one through the model, not QuerySet.update(): history records each
    # change (with the editor, from the request) and the response cache hears of it.
    changed = 0
    with transaction.atomic():
        for publication in publications.select_for_update(of=("self",)).defer("search_vector"):
            publication.status = status
            publication.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed
