from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cities.models import City
from practices.models import Outcome, Practice
from tests.factories import (
    CityFactory,
    OutcomeFactory,
    PracticeFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


class TestPracticeRules:
    def test_end_year_before_start_year_names_the_field(self):
        practice = PracticeFactory.build(start_year=2010, end_year=2008)
        with pytest.raises(ValidationError) as error:
            practice.full_clean()
        assert error.value.message_dict["end_year"] == ["The end year is before the start year."]

    def test_database_refuses_end_before_start_when_forms_are_bypassed(self):
        practice = PracticeFactory(start_year=2010)
        with pytest.raises(IntegrityError), transaction.atomic():
            Practice.objects.filter(pk=practice.pk).update(end_year=2001)

    def test_database_refuses_negative_funding(self):
        practice = PracticeFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Practice.objects.filter(pk=practice.pk).update(funding_amount=Decimal("-1"))

    def test_funding_amount_needs_a_currency(self):
        practice = PracticeFactory.build(funding_amount=Decimal("1000000"), funding_currency="")
        with pytest.raises(ValidationError) as error:
            practice.full_clean()
        assert "funding_currency" in error.value.message_dict

    def test_slugs_are_unique(self):
        PracticeFactory(slug="citizenship-fund")
        with pytest.raises(IntegrityError), transaction.atomic():
            Practice.objects.create(title="Another", slug="citizenship-fund", summary="x")

    def test_ongoing_when_no_end_year(self):
        assert PracticeFactory.build(end_year=None).is_ongoing
        assert not PracticeFactory.build(start_year=2003, end_year=2005).is_ongoing


class TestCityRules:
    @pytest.mark.parametrize(("field", "value"), [("latitude", 91), ("longitude", -181)])
    def test_coordinates_out_of_range_are_refused(self, field, value):
        city = CityFactory.build(**{field: Decimal(value)})
        with pytest.raises(ValidationError) as error:
            city.full_clean()
        assert field in error.value.message_dict

    def test_database_refuses_latitude_out_of_range(self):
        city = CityFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            City.objects.filter(pk=city.pk).update(latitude=Decimal("95"))

    def test_latitude_without_longitude_is_refused(self):
        city = CityFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            City.objects.filter(pk=city.pk).update(longitude=None)

    def test_region_is_derived_from_the_country(self):
        assert CityFactory.build(country="CA").region == "americas"
        assert CityFactory.build(country="ZA").region == "africa"
        assert CityFactory.build(country="DK").region == "europe"


class TestPracticeQuerySet:
    def test_published_leaves_out_every_other_status(self):
        published = PracticeFactory()
        for status in ("draft", "submitted", "rejected", "archived"):
            PracticeFactory(status=status)
        assert list(Practice.objects.published()) == [published]

    def test_for_listing_loads_relations_in_a_fixed_number_of_queries(
        self, django_assert_num_queries
    ):
        theme, city = ThemeFactory(), CityFactory()
        for _ in range(5):
            PracticeFactory(themes=[theme], cities=[city])
        with django_assert_num_queries(4):
            rows = [
                (p.lead_organisation, list(p.cities.all()), list(p.themes.all()))
                for p in Practice.objects.published().for_listing()
            ]
        assert len(rows) == 5

    def test_search_matches_words_in_title_and_text(self):
        match = PracticeFactory(title="Mentoring for skilled immigrants")
        PracticeFactory(title="Housing fund", summary="Rooms for families.", approach="")
        assert list(Practice.objects.published().search("mentoring immigrants")) == [match]

    def test_related_to_ranks_by_shared_terms_and_skips_unpublished(self):
        employment, education = ThemeFactory(), ThemeFactory()
        refugees = TargetGroupFactory()
        practice = PracticeFactory(themes=[employment, education], target_groups=[refugees])
        closest = PracticeFactory(themes=[employment, education], target_groups=[refugees])
        close = PracticeFactory(themes=[employment])
        PracticeFactory(themes=[employment, education], status="draft")
        PracticeFactory()  # shares nothing
        assert list(Practice.objects.related_to(practice)) == [closest, close]

    def test_related_to_reads_a_bounded_pool_of_the_newest_candidates(self):
        employment = ThemeFactory()
        practice = PracticeFactory(themes=[employment])
        older = PracticeFactory(themes=[employment])
        newest = [PracticeFactory(themes=[employment]) for _ in range(3)]

        related = list(Practice.objects.related_to(practice, pool=3))

        assert older not in related
        assert set(related) == set(newest)

    def test_related_to_ranks_a_shared_city_with_other_shared_terms(self):
        toronto, employment = CityFactory(), ThemeFactory()
        practice = PracticeFactory(cities=[toronto], themes=[employment])
        both = PracticeFactory(title="Both", cities=[toronto], themes=[employment])
        city_only = PracticeFactory(title="City", cities=[toronto])
        theme_only = PracticeFactory(title="Theme", themes=[employment])
        assert list(Practice.objects.related_to(practice)) == [both, city_only, theme_only]

    def test_related_to_with_a_limit_keeps_the_best_ranked_in_their_order(self):
        toronto, employment = CityFactory(), ThemeFactory()
        practice = PracticeFactory(cities=[toronto], themes=[employment])
        both = PracticeFactory(title="Both", cities=[toronto], themes=[employment])
        city_only = PracticeFactory(title="City", cities=[toronto])
        PracticeFactory(title="Theme", themes=[employment])
        PracticeFactory(title="Draft", cities=[toronto], themes=[employment], status="draft")

        limited = list(Practice.objects.related_to(practice, limit=2).for_listing())

        assert limited == [both, city_only]
        assert [row.shared_terms for row in limited] == [2, 1]

    def test_a_practice_sharing_nothing_has_no_related_practices(self):
        practice = PracticeFactory()
        PracticeFactory()
        assert list(Practice.objects.related_to(practice)) == []

    @pytest.mark.parametrize(
        ("start", "end", "from_2010", "until_2000"),
        [
            (None, None, False, False),  # years unknown: never a match
            (None, 2012, True, False),  # ended after 2010, start unknown
            (None, 2005, False, False),
            (1995, None, True, True),  # ongoing since 1995
            (2011, None, True, False),
            (1990, 2005, False, True),
        ],
    )
    def test_year_ranges_leave_out_unknown_years(self, start, end, from_2010, until_2000):
        practice = PracticeFactory(start_year=start, end_year=end)
        assert (practice in Practice.objects.active_from(2010)) is from_2010
        assert (practice in Practice.objects.active_until(2000)) is until_2000

    def test_ongoing_and_ended(self):
        running = PracticeFactory(start_year=2007, end_year=None)
        ended = PracticeFactory(start_year=2003, end_year=2005)
        assert list(Practice.objects.ongoing()) == [running]
        assert list(Practice.objects.ended()) == [ended]


class TestOutcome:
    @pytest.mark.parametrize(
        ("qualifier", "value", "unit", "shown"),
        [
            ("", "380", "people", "380 people"),
            ("more-than", "80", "%", "more than 80%"),
            ("nearly", "1070", "", "nearly 1,070"),
            ("", "1000000", "EUR", "1,000,000 EUR"),
        ],
    )
    def test_display_value_reads_like_the_source(self, qualifier, value, unit, shown):
        outcome = OutcomeFactory.build(qualifier=qualifier, value=Decimal(value), unit=unit)
        assert outcome.display_value == shown

    def test_outcomes_keep_their_order(self):
        practice = PracticeFactory()
        second = OutcomeFactory(practice=practice, position=2)
        first = OutcomeFactory(practice=practice, position=1)
        assert list(Outcome.objects.filter(practice=practice)) == [first, second]
