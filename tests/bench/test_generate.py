"""The benchmark's catalogue generator keeps working (a tiny catalogue on PostgreSQL)."""

import pytest
from django.db import connection
from django.db.models import Count

from practices.models import Outcome, Practice
from tests.bench.generate import generate_catalogue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the generator writes with PostgreSQL's COPY"
    ),
]


def test_generates_a_searchable_catalogue_of_the_asked_size_once():
    added = generate_catalogue(300, batch_size=120, log=lambda text: None)

    published = Practice.objects.published()
    assert published.count() == 300
    assert added == 300 - 17  # on top of the initial practices
    generated = published.filter(slug__regex=r"-\d+$").annotate(
        n_themes=Count("themes", distinct=True),
        n_cities=Count("cities", distinct=True),
        n_groups=Count("target_groups", distinct=True),
    )
    assert all(2 <= practice.n_themes <= 3 for practice in generated)
    assert all(practice.n_cities <= 2 and practice.n_groups >= 1 for practice in generated)
    assert all(practice.lead_organisation_id for practice in generated)
    assert generated.filter(start_year__isnull=True).exists()
    assert generated.filter(outcomes__isnull=False).exists()
    assert published.filter(cities__name="Malmö").count() > 1
    assert published.search("housing").exists()  # the search-vector trigger fired
    # Pages read the language columns: every generated practice has its texts in English.
    sample = generated.first()
    assert sample.title_en == sample.title and sample.summary_en == sample.summary != ""
    assert not generated.filter(title_en="").exists()
    outcome = Outcome.objects.filter(practice__in=generated).first()
    assert outcome.label_en == outcome.label != ""

    assert generate_catalogue(300, log=lambda text: None) == 0
    assert Practice.objects.count() == 300
