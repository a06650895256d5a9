"""Public pages of practices: the faceted list, a practice, a theme."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core.cache import cached, normalised_query
from core.exports import download_links
from core.paging import ListPaginator
from core.search import attach_snippets, snippet_annotations
from practices import permissions
from practices.facets import (
    active_filter_count,
    active_filters,
    clean_page,
    clean_query,
    compute_facets,
    drop_filter_suggestions,
    practice_facets,
    url_for,
)
from practices.filters import PracticeFilter
from practices.models import PRACTICE_SEARCH, Practice, PracticeDocument, Theme

PAGE_SIZE = 20


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE, **options):
    """The asked page of `items`; an unknown or too deep page: the nearest one and a message."""
    paginator = ListPaginator(items, per_page, **options)  # head, page_annotations
    number, problem = clean_page(
        request.GET.get("page"), paginator.num_pages, capped=paginator.is_capped
    )
    return paginator.page(number), problem


def practice_list(request: HttpRequest) -> HttpResponse:
    base = Practice.objects.published().for_cards()
    filterset, query, problems = clean_query(PracticeFilter, compact(request.GET), base)
    q = filterset.form.cleaned_data.get("q")
    page, page_problem = paginate(
        request,
        filterset.qs,
        head=filterset.ranked_head,
        page_annotations=snippet_annotations(base, q, PRACTICE_SEARCH),
    )
    if page_problem:
        problems.append(page_problem)
    attach_snippets(page.object_list, q, PRACTICE_SEARCH)

    list_url = reverse("practices:list")
    facets = cached(
        "practice-facets",
        normalised_query(query, ignore=("page", "ordering")),
        lambda: compute_facets(filterset, practice_facets()),
    )
    chips = active_filters(filterset, query, list_url, facets)
    suggestions = (
        drop_filter_suggestions(filterset, query, list_url) if not page.paginator.count else []
    )
    feed_query = query.copy()
    for key in ("page", "ordering"):
        feed_query.pop(key, None)
    return render(
        request,
        "practices/practice_list.html",
        {
            "filterset": filterset,
            "query": _without(query, "page"),
            "page_obj": page,
            "practices": page.object_list,
            "facets": {facet.name: facet for facet in facets},
            "facet_list": facets,
            "chips": chips,
            "active_filter_count": active_filter_count(chips),
            "suggestions": suggestions,
            "problems": problems,
            "ordering": filterset.ordering_key,
            "searching": bool((filterset.form.cleaned_data.get("q") or "").strip()),
            "feed_url": url_for(reverse("practices-feed"), feed_query),
            "downloads": download_links("practices", query, geojson=True),
            "clear_url": list_url,
        },
    )


def compact(query: QueryDict) -> QueryDict:
    """The query without empty values (`?q=&ongoing=`), so shared URLs stay short."""
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        values = [value for value in values if value.strip()]
        if values:
            kept.setlist(key, values)
    return kept


def _without(query: QueryDict, *keys: str) -> QueryDict:
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.published().for_detail(), slug=slug)
    publications = list(practice.publications.published().defer("search_vector"))
    related = list(Practice.objects.related_to(practice, limit=4).for_listing())
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "related": related,
            "publications": publications,
            "json_ld": _json_ld(request, practice),
        },
    )


def _json_ld(request: HttpRequest, practice: Practice) -> dict:
    """schema.org description of a practice, serialised safely by the `json_ld` filter."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": practice.title,
        "description": practice.summary,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "about": [theme.name for theme in practice.themes.all()],
        "audience": [
            {"@type": "Audience", "audienceType": group.name}
            for group in practice.target_groups.all()
        ],
        "spatialCoverage": [
            {
                "@type": "City",
                "name": city.name,
                "address": {"@type": "PostalAddress", "addressCountry": city.country.code},
            }
            for city in practice.cities.all()
        ],
    }
    if practice.public_lead_organisation:
        data["creator"] = {
            "@type": "Organization",
            "name": practice.public_lead_organisation.name,
        }
    if practice.published_at:
        data["datePublished"] = practice.published_at.date().isoformat()
    if practice.updated_at:
        data["dateModified"] = practice.updated_at.date().isoformat()
    if practice.start_year:
        end = practice.end_year or ""
        data["temporalCoverage"] = f"{practice.start_year}/{end or '..'}"
    if practice.image:
        data["image"] = request.build_absolute_uri(practice.image.url)
    return data


def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A practice's PDF report, as an attachment: for everyone once the practice is
    published, before that only for those who may see the draft."""
    visible = permissions.visible_practices(request.user).filter(slug=slug)
    document = get_object_or_404(
        PracticeDocument.objects.select_related("practice").filter(practice__in=visible), pk=pk
    )
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this report is missing.")) from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if document.practice.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    practices = theme.practices.published().for_listing().order_by("-published_at", "-pk")
    page, problem = paginate(request, practices)
    publications = theme.publications.published().for_listing()[:6]
    return render(
        request,
        "practices/theme_detail.html",
        {
            "theme": theme,
            "page_obj": page,
            "practices": page.object_list,
            "publications": publications,
            "problems": [problem] if problem else [],
            "query": QueryDict(),
            "list_url": f"{reverse('practices:list')}?theme={theme.slug}",
            "no_results_message": _("No published practice has this theme yet."),
        },
    )
