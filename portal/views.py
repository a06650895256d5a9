"""The site's front door: the home page and the site-wide search."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from cities.filters import CityFilter, OrganisationFilter
from cities.models import City, Organisation
from core.counts import count_results
from core.search import attach_snippets, best_matches
from practices.filters import PracticeFilter
from practices.models import PRACTICE_SEARCH, Practice, Theme
from publications.filters import PublicationFilter
from publications.models import PUBLICATION_SEARCH, Publication

PUBLISHED_PRACTICE = Q(practices__status=Practice.Status.PUBLISHED)
SEARCH_GROUP_SIZE = 5
SEARCH_MAX_LENGTH = 200
FEW_RESULTS = 2  # at most this many results, and a corrected search is offered


def home(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.annotate(
        practice_count=Count("practices", filter=PUBLISHED_PRACTICE, distinct=True)
    )
    cities = (
        City.objects.annotate(
            practice_count=Count("practices", filter=PUBLISHED_PRACTICE, distinct=True)
        )
        .filter(practice_count__gt=0)
        .order_by("-practice_count", "name")[:12]
    )
    return render(
        request,
        "home.html",
        {
            "themes": themes,
            "cities": cities,
            "latest_practices": Practice.objects.published()
            .for_listing()
            .order_by("-published_at", "-pk")[:6],
            "latest_publications": Publication.objects.published().for_listing()[:4],
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    """Published practices, publications, cities and organisations matching `q`.

    Counts are exact up to EXACT_COUNT_LIMIT and estimated above; excerpts are
    highlighted for the rows shown only; when little is found and a word looks
    mistyped, a corrected search is offered.
    """
    q = (request.GET.get("q") or "").strip()[:SEARCH_MAX_LENGTH]
    groups = []
    correction = None
    if q:
        data = {"q": q}
        practices = Practice.objects.published().for_cards()
        publications = Publication.objects.published().for_listing()
        groups = [
            _group(
                "practices",
                PracticeFilter(data, queryset=practices).qs,
                reverse("practices:list"),
                q,
                items=best_matches(practices, q, PRACTICE_SEARCH, SEARCH_GROUP_SIZE),
            ),
            _group(
                "publications",
                PublicationFilter(data, queryset=publications).qs,
                reverse("publications:list"),
                q,
                items=best_matches(publications, q, PUBLICATION_SEARCH, SEARCH_GROUP_SIZE),
            ),
            _group(
                "cities",
                CityFilter(data, queryset=City.objects.order_by("name")).qs,
                reverse("cities:list"),
                q,
            ),
            _group(
                "organisations",
                OrganisationFilter(
                    data,
                    queryset=Organisation.objects.active().select_related("city").order_by("name"),
                ).qs,
                None,
                q,
            ),
        ]
        attach_snippets(groups[0]["items"], q, PRACTICE_SEARCH)
        attach_snippets(groups[1]["items"], q, PUBLICATION_SEARCH)
        # Looked up on every search so the page's queries stay the same whatever it finds.
        correction = Practice.objects.published().search_correction(q)
    total = sum(group["count"].value for group in groups)
    if total > FEW_RESULTS:
        correction = None
    return render(
        request,
        "search.html",
        {
            "q": q,
            "groups": groups,
            "total": total,
            "total_is_estimate": any(group["count"].is_estimate for group in groups),
            "correction": correction,
            "correction_url": f"{reverse('search')}?{urlencode({'q': correction})}"
            if correction
            else None,
            "themes": Theme.objects.all() if not q else Theme.objects.none(),
        },
    )


def _group(kind: str, queryset, list_url: str | None, q: str, items=None) -> dict:
    return {
        "kind": kind,
        "count": count_results(queryset),
        "items": list(queryset[:SEARCH_GROUP_SIZE]) if items is None else items,
        "more_url": f"{list_url}?{urlencode({'q': q})}" if list_url else None,
    }
