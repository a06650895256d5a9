"""Writes to publications that editors make from the admin."""

from django.db.models import QuerySet

from core.cache import content_changed
from publications.models import Publication


def publish_publications(*, publications: QuerySet[Publication]) -> int:
    """Make publications public; returns how many changed."""
    changed = publications.exclude(status=Publication.Status.PUBLISHED).update(
        status=Publication.Status.PUBLISHED
    )
    content_changed()  # QuerySet.update sends no signals
    return changed


def unpublish_publications(*, publications: QuerySet[Publication]) -> int:
    """Take publications out of public view; returns how many changed."""
    changed = publications.exclude(status=Publication.Status.DRAFT).update(
        status=Publication.Status.DRAFT
    )
    content_changed()
    return changed
