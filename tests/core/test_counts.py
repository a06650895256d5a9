import pytest
from django.db import connection

from core.counts import count_results
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_small_sets_are_counted_exactly():
    PracticeFactory.create_batch(3, status=Practice.Status.PUBLISHED)
    result = count_results(Practice.objects.published(), exact_below=10)
    assert (result.value, result.is_estimate) == (3, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
def test_sets_past_the_limit_are_estimated_and_say_so():
    PracticeFactory.create_batch(5, status=Practice.Status.PUBLISHED)
    result = count_results(Practice.objects.published(), exact_below=2)
    assert result.is_estimate
    assert result.value >= 3


@pytest.mark.skipif(connection.vendor == "postgresql", reason="other databases count exactly")
def test_other_databases_always_count_exactly():
    PracticeFactory.create_batch(5, status=Practice.Status.PUBLISHED)
    result = count_results(Practice.objects.published(), exact_below=2)
    assert (result.value, result.is_estimate) == (5, False)


def test_a_page_the_head_holds_is_read_from_it_and_others_from_the_list():
    from core.paging import ListPaginator

    practices = PracticeFactory.create_batch(5, status=Practice.Status.PUBLISHED)
    everything = Practice.objects.published().order_by("pk")
    head = everything.filter(pk__in=[practices[0].pk, practices[1].pk])

    paginator = ListPaginator(everything, 2, head=head)

    assert list(paginator.page(1).object_list) == practices[:2]
    assert list(paginator.page(2).object_list) == practices[2:4]  # beyond the head
    assert list(paginator.page(3).object_list) == practices[4:]
