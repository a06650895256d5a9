"""The practice list's facets: the same counts on every database, kept current on every write.

On PostgreSQL the list filters and counts through `facet_keys`, maintained by triggers;
these tests change practices by every route a write can take (ORM, link tables, a city's
country, a commitment's framework, bulk SQL) and check the list still tells the truth.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.regions import Region, region_of
from practices.facet_keys import FacetKind, facet_key
from practices.models import Practice
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    FrameworkFactory,
    OrganisationFactory,
    PracticeFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/practices/"


def counts(client, query: str = "") -> dict[str, dict[str, int]]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return {
        name: {option.value: option.count for option in facet.options}
        for name, facet in response.context["facets"].items()
    }


def listed(client, query: str) -> set[str]:
    return {practice.slug for practice in client.get(f"{URL}?{query}").context["practices"]}


def stored_keys(practice: Practice) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT facet_keys FROM practices_practice WHERE id = %s", [practice.pk])
        return set(cursor.fetchone()[0])


postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="facet_keys exist on PostgreSQL only"
)


def test_a_practice_in_two_countries_of_one_region_counts_once_there(visitor):
    PracticeFactory(
        slug="two-countries",
        cities=[CityFactory(country="NL"), CityFactory(country="FR"), CityFactory(country="CA")],
    )

    facets = counts(visitor)

    assert facets["region"] == {"americas": 1, "europe": 1}
    assert facets["country"] == {"CA": 1, "FR": 1, "NL": 1}
    assert listed(visitor, "region=europe&region=americas") == {"two-countries"}


def test_an_organisation_leading_and_partnering_one_practice_counts_once(visitor):
    triec = OrganisationFactory(slug="triec")
    other = OrganisationFactory(slug="other")
    PracticeFactory(lead_organisation=triec, partners=[triec, other])
    PracticeFactory(partners=[other])

    assert counts(visitor)["organisation"] == {"triec": 1, "other": 2}
    assert counts(visitor, "organisation=triec")["organisation"] == {"triec": 1, "other": 2}
    assert len(listed(visitor, "organisation=triec&organisation=other")) == 2


def test_commitments_and_frameworks_are_counted_with_their_labels(visitor):
    eccar = FrameworkFactory(name="Ten-point plan of action", short_name="ECCAR", slug="eccar")
    ilo = FrameworkFactory(name="Decent work agenda", short_name="", slug="ilo")
    equal = CommitmentFactory(framework=eccar, number=6, slug="eccar-6", title="Equal access")
    jobs = CommitmentFactory(framework=ilo, number=1, slug="ilo-1", title="Jobs")
    PracticeFactory(commitments=[equal, jobs])
    PracticeFactory(commitments=[equal])

    response = visitor.get(URL)

    facets = response.context["facets"]
    assert {o.value: (o.label, o.count) for o in facets["framework"].options} == {
        "eccar": ("ECCAR", 2),
        "ilo": ("Decent work agenda", 1),
    }
    assert {o.value: (o.label, o.count) for o in facets["commitment"].options} == {
        "eccar-6": ("ECCAR 6: Equal access", 2),
        "ilo-1": ("Decent work agenda 1: Jobs", 1),
    }


def test_every_facet_is_counted_in_one_statement_whatever_the_filters(visitor):
    employment = ThemeFactory(slug="employment")
    for country in ("CA", "NL", "FR"):
        PracticeFactory(themes=[employment], cities=[CityFactory(country=country)])
    query = "theme=employment&country=CA&country=NL&region=americas&ongoing=true&scope=city"

    with CaptureQueriesContext(connection) as captured:
        response = visitor.get(f"{URL}?{query}")

    assert len(response.context["practices"]) == 1
    facet_statements = [q for q in captured if "facet_set_0" in q["sql"] or "AS facet," in q["sql"]]
    assert len(facet_statements) == 1
    assert len(captured) <= 8


def test_the_list_stays_true_after_links_change(visitor):
    employment, education = ThemeFactory(slug="employment"), ThemeFactory(slug="education")
    practice = PracticeFactory(slug="triec", themes=[employment])

    practice.themes.add(education)
    assert listed(visitor, "theme=education") == {"triec"}
    practice.themes.remove(employment)
    assert listed(visitor, "theme=employment") == set()
    assert counts(visitor)["theme"] == {"education": 1}
    practice.themes.clear()
    assert counts(visitor)["theme"] == {}


def test_the_list_follows_a_city_moving_country_and_a_commitment_moving_framework(visitor):
    city = CityFactory(slug="lyon", country="FR")
    eccar, ilo = FrameworkFactory(slug="eccar"), FrameworkFactory(slug="ilo")
    commitment = CommitmentFactory(framework=eccar)
    PracticeFactory(slug="charter", cities=[city], commitments=[commitment])

    city.country = "CA"
    city.save()
    commitment.framework = ilo
    commitment.save()

    assert listed(visitor, "country=CA") == {"charter"}
    assert listed(visitor, "region=americas") == {"charter"}
    assert listed(visitor, "country=FR") == set()
    assert listed(visitor, "framework=ilo") == {"charter"}
    assert counts(visitor)["framework"] == {"ilo": 1}


def test_the_list_follows_a_new_lead_organisation_and_a_deleted_theme(visitor):
    first, second = OrganisationFactory(slug="first"), OrganisationFactory(slug="second")
    theme = ThemeFactory(slug="housing")
    practice = PracticeFactory(slug="fund", lead_organisation=first, themes=[theme])

    practice.lead_organisation = second
    practice.save()
    theme.delete()

    assert listed(visitor, "organisation=second") == {"fund"}
    assert counts(visitor)["organisation"] == {"second": 1}
    assert counts(visitor)["theme"] == {}


@postgres_only
def test_bulk_inserted_links_are_picked_up_in_one_statement():
    themes = [ThemeFactory() for _ in range(3)]
    groups = [TargetGroupFactory() for _ in range(2)]
    practices = [PracticeFactory() for _ in range(50)]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO practices_practice_themes (practice_id, theme_id)"
            " SELECT p, t FROM unnest(%s::bigint[]) p, unnest(%s::bigint[]) t",
            [[p.pk for p in practices], [t.pk for t in themes]],
        )
        cursor.execute(
            "INSERT INTO practices_practice_target_groups (practice_id, targetgroup_id)"
            " SELECT p, %s FROM unnest(%s::bigint[]) p",
            [groups[0].pk, [p.pk for p in practices]],
        )

    expected = {facet_key(FacetKind.THEME, t) for t in themes} | {
        facet_key(FacetKind.TARGET_GROUP, groups[0])
    }
    assert all(stored_keys(p) == expected for p in practices)


@postgres_only
def test_the_database_places_every_country_in_the_region_python_does():
    from django_countries import countries

    codes = [code for code, _name in countries]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, practices_region_number(code) FROM unnest(%s::text[]) AS code", [codes]
        )
        stored = dict(cursor.fetchall())
    numbers = {1: Region.AFRICA, 2: Region.AMERICAS, 3: Region.ASIA, 4: Region.EUROPE}
    numbers[5] = Region.OCEANIA
    assert {code: numbers.get(number) for code, number in stored.items()} == {
        code: region_of(code) for code in codes
    }


@pytest.fixture
def varied_catalogue():
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    groups = [TargetGroupFactory(slug=f"group-{n}") for n in range(2)]
    cities = [CityFactory(slug=f"city-{c}", country=c) for c in ("CA", "NL", "FR", "NL")]
    organisations = [OrganisationFactory(slug=f"org-{n}") for n in range(3)]
    framework = FrameworkFactory(slug="eccar")
    commitments = [CommitmentFactory(framework=framework, number=n) for n in (1, 2)]
    for n in range(12):
        PracticeFactory(
            themes=themes[: 1 + n % 3],
            target_groups=groups[n % 2 :],
            cities=cities[n % 4 : n % 4 + 1 + n % 2],
            lead_organisation=organisations[n % 3] if n % 4 else None,
            partners=organisations[: n % 3],
            commitments=commitments[: n % 3],
            instrument=["fund", "programme", "charter"][n % 3],
            scope=["city", "national"][n % 2],
            start_year=2000 + n,
            end_year=None if n % 3 else 2010 + n,
            status="published" if n != 11 else "draft",
        )


QUERIES = [
    "",
    "theme=theme-1",
    "theme=theme-0&country=NL",
    "region=europe&organisation=org-1&ongoing=true",
    "city=city-CA&city=city-FR&target_group=group-1&scope=city",
    "framework=eccar&instrument=fund&year_from=2005",
    "commitment=eccar-1&theme=theme-2&region=americas&q=practice",
]


@postgres_only
@pytest.mark.parametrize("query", QUERIES)
def test_postgresql_counts_the_same_as_the_relations_do(
    visitor, varied_catalogue, query, monkeypatch
):
    from_keys = counts(visitor, query)
    monkeypatch.setattr("practices.facets.uses_facet_keys", lambda queryset: False)
    monkeypatch.setattr("practices.facet_keys.uses_facet_keys", lambda queryset: False)
    from_relations = counts(visitor, query)

    assert from_keys == from_relations
    assert any(from_keys.values())


@postgres_only
def test_the_catalogue_totals_follow_publishing_archiving_and_deleting(varied_catalogue):
    def totals() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, practices FROM practices_facet_total WHERE practices > 0")
            return dict(cursor.fetchall())

    def recounted() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, count(*) FROM practices_practice, unnest(practices_facet_terms("
                "facet_keys, instrument, scope, end_year)) AS term"
                " WHERE status = 'published' GROUP BY term"
            )
            return dict(cursor.fetchall())

    draft = Practice.objects.get(status="draft")
    draft.status = "published"
    draft.save()
    Practice.objects.filter(pk=Practice.objects.first().pk).update(status="archived")
    Practice.objects.last().delete()
    Practice.objects.filter(end_year__isnull=True).update(end_year=2030, instrument="award")

    assert totals() == recounted()
    assert totals()["all"] == Practice.objects.published().count()


@postgres_only
def test_a_huge_list_counts_its_facets_over_a_sample_and_says_so(visitor, settings):
    settings.FACET_SAMPLE_SIZE = 3
    housing, education = ThemeFactory(slug="housing"), ThemeFactory(slug="education")
    for number in range(4):
        PracticeFactory(title=f"Housing first {number}", themes=[housing, education])
    PracticeFactory(title="Schools", themes=[education])

    response = visitor.get(f"{URL}?q=housing")

    facets = response.context["facets"]
    assert facets["theme"].sample == 3
    assert sum(option.count for option in facets["theme"].options) == 6  # 3 practices, 2 themes
    assert "Counted over the first 3 results only" in response.content.decode()
    assert len(response.context["practices"]) == 4  # the list itself is complete

    narrow = visitor.get(f"{URL}?q=schools").context["facets"]
    assert narrow["theme"].sample == 0
