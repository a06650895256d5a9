"""Policy frameworks as pages: /frameworks/ and /frameworks/<slug>/.

Each commitment lists the published practices that implement it and the publications that
discuss it: counts and the first few of each come from grouped reads of the link tables
(practices.models.links_by_commitment), so a page costs the same few queries whether a
commitment has three practices or thirty thousand.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.exports import download_links
from practices.facet_keys import FacetKind, published_totals
from practices.models import Commitment, Framework, Practice, links_by_commitment
from publications.models import Publication

#: How many practices and publications a commitment shows before linking to the full list.
FIRST_SHOWN = 10

PRACTICE_LINKS = Practice.commitments.through
PUBLICATION_LINKS = Publication.commitments.through
PUBLISHED_PRACTICE = Q(practice__status=Practice.Status.PUBLISHED)
PUBLISHED_PUBLICATION = Q(publication__status=Publication.Status.PUBLISHED)


@dataclass
class CommitmentSection:
    commitment: Commitment
    practice_count: int = 0
    practices: list = field(default_factory=list)
    publication_count: int = 0
    publications: list = field(default_factory=list)

    @property
    def practices_url(self) -> str:
        return f"{reverse('practices:list')}?commitment={self.commitment.slug}"

    @property
    def publications_url(self) -> str:
        return f"{reverse('publications:list')}?commitment={self.commitment.slug}"

    @property
    def more_practices(self) -> int:
        return self.practice_count - len(self.practices)

    @property
    def more_publications(self) -> int:
        return self.publication_count - len(self.publications)


def framework_list_entries() -> list[Framework]:
    """Every framework with `commitment_count`, `practice_count` (published practices
    implementing any of its commitments) and `publication_count`: three queries. Practices
    are counted from the facet totals on PostgreSQL, from the link table elsewhere."""
    frameworks = list(Framework.objects.annotate(commitment_count=Count("commitments")))
    practices = published_totals(FacetKind.FRAMEWORK, [framework.pk for framework in frameworks])
    if practices is None:
        practices = _distinct_per_framework(PRACTICE_LINKS, "practice", PUBLISHED_PRACTICE)
    publications = _distinct_per_framework(PUBLICATION_LINKS, "publication", PUBLISHED_PUBLICATION)
    for framework in frameworks:
        framework.practice_count = practices.get(framework.pk, 0)
        framework.publication_count = publications.get(framework.pk, 0)
    return frameworks


def _distinct_per_framework(through, owner: str, published: Q) -> dict[int, int]:
    return dict(
        through.objects.filter(published)
        .values("commitment__framework_id")
        .annotate(total=Count(f"{owner}_id", distinct=True))
        .order_by()
        .values_list("commitment__framework_id", "total")
    )


def commitment_sections(framework: Framework) -> list[CommitmentSection]:
    """The framework's commitments in number order, each with its practices and
    publications: five queries."""
    commitments = list(framework.commitments.order_by("number"))
    ids = [commitment.pk for commitment in commitments]
    practice_counts, practices = links_by_commitment(
        PRACTICE_LINKS,
        "practice",
        PUBLISHED_PRACTICE,
        ids,
        first=FIRST_SHOWN,
        order_by=("-published_at", "-pk"),
        counts=published_totals(FacetKind.COMMITMENT, ids),
    )
    publication_counts, publications = links_by_commitment(
        PUBLICATION_LINKS,
        "publication",
        PUBLISHED_PUBLICATION,
        ids,
        first=FIRST_SHOWN,
        order_by=("-publication_date", "-pk"),
    )
    return [
        CommitmentSection(
            commitment=commitment,
            practice_count=practice_counts.get(commitment.pk, 0),
            practices=practices.get(commitment.pk, []),
            publication_count=publication_counts.get(commitment.pk, 0),
            publications=publications.get(commitment.pk, []),
        )
        for commitment in commitments
    ]


def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frameworks/framework_list.html", {"frameworks": framework_list_entries()}
    )


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.select_related("owner"), slug=slug)
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "owner": framework.owner if framework.owner and framework.owner.is_active else None,
            "sections": commitment_sections(framework),
            "practices_url": f"{reverse('practices:list')}?framework={framework.slug}",
            "downloads": download_links(
                "practices", QueryDict.fromkeys(["framework"], framework.slug), geojson=True
            ),
        },
    )
