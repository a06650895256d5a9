"""Atom feeds: newly published practices, for the whole catalogue or any filtered list."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from practices.facets import clean_query, url_for
from practices.filters import PracticeFilter
from practices.models import Practice

FEED_SIZE = 50


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are plain text (`type="text"`), as a practice's summary is.

    Django's Atom feed labels every summary `type="html"`, so readers would render a
    summary's `<script>` or `<img onerror>` as markup.
    """

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


@dataclass
class FeedQuery:
    """What a feed request asked for: the practice list's filters, already cleaned."""

    filterset: PracticeFilter
    query: QueryDict


class PracticeFeed(Feed):
    """`/feeds/practices/?theme=employment`: the same query string as /practices/."""

    feed_type = PlainTextAtom1Feed
    subtitle = _("Practices newly published on the Inclusive Cities Exchange.")

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        query = request.GET.copy()
        for key in ("page", "ordering"):
            query.pop(key, None)
        filterset, cleaned, _problems = clean_query(
            PracticeFilter, query, Practice.objects.published().for_listing()
        )
        return FeedQuery(filterset=filterset, query=cleaned)

    def title(self, obj: FeedQuery) -> str:
        if obj.query:
            return str(_("Practices matching your search — Inclusive Cities Exchange"))
        return str(_("New practices — Inclusive Cities Exchange"))

    def link(self, obj: FeedQuery) -> str:
        return url_for(reverse("practices:list"), obj.query)

    def feed_url(self, obj: FeedQuery) -> str:
        return url_for(reverse("practices-feed"), obj.query)

    def items(self, obj: FeedQuery):
        return obj.filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return item.summary

    def item_pubdate(self, item: Practice):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Practice):
        return item.updated_at

    def item_categories(self, item: Practice) -> list[str]:
        return [theme.name for theme in item.themes.all()]

    def item_author_name(self, item: Practice) -> str | None:
        return item.lead_organisation.name if item.lead_organisation else None
