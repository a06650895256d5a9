"""The site's front door: the home page and the site-wide search."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from cities.filters import CityFilter, OrganisationFilter
from cities.models import City, Organisation
from practices.filters import PracticeFilter
from practices.models import Practice, Theme
from publications.filters import PublicationFilter
from publications.models import Publication

PUBLISHED_PRACTICE = Q(practices__status=Practice.Status.PUBLISHED)
SEARCH_GROUP_SIZE = 5
SEARCH_MAX_LENGTH = 200


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
    """Published practices, publications, cities and organisations matching `q`."""
    q = (request.GET.get("q") or "").strip()[:SEARCH_MAX_LENGTH]
    groups = []
    if q:
        data = {"q": q}
        groups = [
            _group(
                "practices",
                PracticeFilter(data, queryset=Practice.objects.published().for_listing()).qs,
                reverse("practices:list"),
                q,
            ),
            _group(
                "publications",
                PublicationFilter(data, queryset=Publication.objects.published().for_listing()).qs,
                reverse("publications:list"),
                q,
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
    return render(
        request,
        "search.html",
        {
            "q": q,
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "themes": Theme.objects.all() if not q else Theme.objects.none(),
        },
    )


def _group(kind: str, queryset, list_url: str | None, q: str) -> dict:
    return {
        "kind": kind,
        "count": queryset.count(),
        "items": list(queryset[:SEARCH_GROUP_SIZE]),
        "more_url": f"{list_url}?{urlencode({'q': q})}" if list_url else None,
    }
