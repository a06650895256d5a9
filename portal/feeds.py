"""Atom feeds: newly published practices and publications, for the whole catalogue or any
filtered list; a filtered feed's title says what it holds ("Practices: Employment, Canada")."""

import html
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.filters import describe
from practices.facets import clean_query, url_for
from practices.filters import PracticeFilter
from practices.markdown import render_markdown
from practices.models import Practice
from publications.filters import PublicationFilter
from publications.models import Publication

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

    filterset: PracticeFilter | PublicationFilter
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
        held = describe(obj.filterset)
        if held:
            return str(_("Practices: %(filters)s — Inclusive Cities Exchange")) % {
                "filters": ", ".join(held)
            }
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


class PublicationFeed(Feed):
    """`/feeds/publications/?kind=report`: the same query string as /publications/."""

    feed_type = PlainTextAtom1Feed
    subtitle = _("Publications newly added to the Inclusive Cities Exchange.")

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        query = request.GET.copy()
        for key in ("page", "ordering"):
            query.pop(key, None)
        filterset, cleaned, _problems = clean_query(
            PublicationFilter, query, Publication.objects.published().for_listing()
        )
        return FeedQuery(filterset=filterset, query=cleaned)

    def title(self, obj: FeedQuery) -> str:
        held = describe(obj.filterset)
        if held:
            return str(_("Publications: %(filters)s — Inclusive Cities Exchange")) % {
                "filters": ", ".join(held)
            }
        return str(_("New publications — Inclusive Cities Exchange"))

    def link(self, obj: FeedQuery) -> str:
        return url_for(reverse("publications:list"), obj.query)

    def feed_url(self, obj: FeedQuery) -> str:
        return url_for(reverse("publications-feed"), obj.query)

    def items(self, obj: FeedQuery):
        return obj.filterset.qs.order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        # The summary is Markdown: readers get its text, never its markup.
        text = html.unescape(strip_tags(render_markdown(item.summary)))
        return " ".join(text.split())

    def item_pubdate(self, item: Publication):
        return item.created_at

    def item_updateddate(self, item: Publication):
        return item.updated_at

    def item_categories(self, item: Publication) -> list[str]:
        return [theme.name for theme in item.themes.all()]

    def item_author_name(self, item: Publication) -> str | None:
        return item.publisher.name if item.publisher else None
