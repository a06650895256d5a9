"""Page numbers for the HTML lists: a count that stays cheap at any size, a bounded depth."""

from functools import cached_property

from django.core.paginator import Paginator

from core.counts import ResultCount, count_results

# Deeper pages make the database skip ever more rows (OFFSET); past this a visitor is
# better served by a filter or a search.
MAX_PAGES = 50


class ListPaginator(Paginator):
    """A Paginator counting with `core.counts` (an estimate above EXACT_COUNT_LIMIT on
    PostgreSQL) and offering at most `max_pages` pages."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        max_pages: int | None = None,
        head=None,
        page_annotations: dict | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or MAX_PAGES
        #: The first rows of `object_list` as a cheaper queryset (e.g. `ranked_head`); a page
        #: it holds entirely is read from it.
        self.head = head
        #: Annotations for the page's rows only (not the count), e.g. search excerpts.
        self.page_annotations = page_annotations or {}

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.head is not None:
            rows = list(self._annotated(self.head)[bottom:top])
            if len(rows) == top - bottom:
                return self._get_page(rows, number, self)
        return self._get_page(self._annotated(self.object_list)[bottom:top], number, self)

    def _annotated(self, items):
        return items.annotate(**self.page_annotations) if self.page_annotations else items

    @cached_property
    def result_count(self) -> ResultCount:
        return count_results(self.object_list)

    @cached_property
    def count(self) -> int:
        return self.result_count.value

    @property
    def is_estimate(self) -> bool:
        return self.result_count.is_estimate

    @property
    def shown_count(self) -> int:
        """The count as the page says it: an estimate to three significant figures."""
        value = self.count
        if not self.is_estimate or value < 1000:
            return value
        step = 10 ** (len(str(value)) - 3)
        return round(value / step) * step

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @property
    def is_capped(self) -> bool:
        """Whether there are results beyond the last page offered."""
        return self.count > self.max_pages * self.per_page
