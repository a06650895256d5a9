"""The practice list: every filter alone and together, facet counts, paging, bad input."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Commitment, Practice
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


@pytest.fixture
def world():
    employment = ThemeFactory(name="Employment", slug="employment")
    education = ThemeFactory(name="Education", slug="education")
    skilled = TargetGroupFactory(name="Skilled immigrants", slug="skilled-immigrants")
    refugees = TargetGroupFactory(name="Refugees", slug="refugees")
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    the_hague = CityFactory(name="The Hague", slug="the-hague", country="NL")
    lyon = CityFactory(name="Lyon", slug="lyon", country="FR")
    triec_org = OrganisationFactory(name="TRIEC", slug="triec")
    foundation = OrganisationFactory(name="Maytree Foundation", slug="maytree")
    eccar = FrameworkFactory(name="Ten-point plan of action", slug="eccar")
    ilo = FrameworkFactory(name="Decent work agenda", slug="ilo")
    commitment = CommitmentFactory(framework=eccar, number=6, slug="eccar-6", title="Equal access")
    ilo_1 = CommitmentFactory(framework=ilo, number=1, slug="ilo-1", title="Employment")
    triec = PracticeFactory(
        title="TRIEC mentoring partnership",
        slug="triec",
        summary="Mentoring and internships for skilled immigrants.",
        approach="Employers offer paid internships.",
        cities=[toronto],
        themes=[employment],
        target_groups=[skilled],
        instrument=Practice.Instrument.PROGRAMME,
        scope=Practice.Scope.CITY,
        start_year=2003,
        end_year=None,
        lead_organisation=triec_org,
        partners=[foundation],
        commitments=[commitment],
    )
    fund = PracticeFactory(
        title="Citizenship fund",
        slug="citizenship-fund",
        summary="Small grants for citizens' initiatives.",
        approach="The city funds neighbourhood projects.",
        cities=[the_hague],
        themes=[education],
        target_groups=[refugees],
        instrument=Practice.Instrument.FUND,
        scope=Practice.Scope.CITY,
        start_year=2008,
        end_year=2012,
        partners=[triec_org],
        commitments=[ilo_1],
    )
    charter = PracticeFactory(
        title="Lyon diversity charter",
        slug="lyon-charter",
        summary="Employers sign a charter.",
        approach="Firms commit to fair hiring.",
        cities=[lyon],
        themes=[employment, education],
        target_groups=[refugees],
        instrument=Practice.Instrument.CHARTER,
        scope=Practice.Scope.REGIONAL,
        start_year=2015,
        end_year=None,
        lead_organisation=foundation,
    )
    draft = PracticeFactory(
        title="Draft internship scheme",
        slug="draft-scheme",
        summary="Internships, not yet reviewed.",
        cities=[toronto],
        themes=[employment],
        target_groups=[skilled],
        lead_organisation=triec_org,
        status=Practice.Status.DRAFT,
        published_at=None,
    )
    return {"triec": triec, "fund": fund, "charter": charter, "draft": draft}


def titles(response) -> set[str]:
    return {practice.title for practice in response.context["practices"]}


def facet_counts(response, name: str) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"][name].options}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"TRIEC mentoring partnership", "Citizenship fund", "Lyon diversity charter"}),
        ("q=internships", {"TRIEC mentoring partnership"}),
        ("theme=employment", {"TRIEC mentoring partnership", "Lyon diversity charter"}),
        ("city=the-hague", {"Citizenship fund"}),
        ("country=CA", {"TRIEC mentoring partnership"}),
        ("country=ca", {"TRIEC mentoring partnership"}),
        ("region=europe", {"Citizenship fund", "Lyon diversity charter"}),
        ("region=americas", {"TRIEC mentoring partnership"}),
        ("target_group=refugees", {"Citizenship fund", "Lyon diversity charter"}),
        ("instrument=fund", {"Citizenship fund"}),
        ("scope=regional", {"Lyon diversity charter"}),
        ("ongoing=true", {"TRIEC mentoring partnership", "Lyon diversity charter"}),
        ("ongoing=false", {"Citizenship fund"}),
        ("year_from=2013", {"TRIEC mentoring partnership", "Lyon diversity charter"}),
        ("year_to=2005", {"TRIEC mentoring partnership"}),
        ("organisation=triec", {"TRIEC mentoring partnership", "Citizenship fund"}),
        ("organisation=maytree", {"TRIEC mentoring partnership", "Lyon diversity charter"}),
        ("framework=eccar", {"TRIEC mentoring partnership"}),
        ("commitment=ilo-1", {"Citizenship fund"}),
    ],
)
def test_each_filter_alone(visitor, world, query, expected):
    response = visitor.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert titles(response) == expected
    assert "Draft internship scheme" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=employment&country=CA", {"TRIEC mentoring partnership"}),
        ("theme=employment&region=europe&ongoing=true", {"Lyon diversity charter"}),
        ("theme=employment&theme=education&instrument=fund", {"Citizenship fund"}),
        ("country=CA&country=FR&target_group=refugees", {"Lyon diversity charter"}),
        ("organisation=triec&year_to=2005&q=mentoring", {"TRIEC mentoring partnership"}),
        ("theme=employment&city=the-hague", set()),
    ],
)
def test_filters_combine_and_values_of_one_filter_are_ored(visitor, world, query, expected):
    response = visitor.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert titles(response) == expected


def test_each_option_shows_the_results_it_would_give_with_the_other_filters(visitor, world):
    response = visitor.get(f"{URL}?theme=employment")

    # The theme facet ignores the theme filter itself; the draft is never counted.
    assert facet_counts(response, "theme") == {"employment": 2, "education": 2}
    # Other facets are counted within the employment practices.
    assert facet_counts(response, "country") == {"CA": 1, "FR": 1}
    assert facet_counts(response, "region") == {"americas": 1, "europe": 1}
    assert facet_counts(response, "instrument") == {"programme": 1, "charter": 1}
    assert facet_counts(response, "ongoing") == {"true": 2}  # options without results are hidden
    assert facet_counts(response, "organisation") == {"maytree": 2, "triec": 1}
    assert facet_counts(response, "framework") == {"eccar": 1}
    html = response.content.decode()
    assert re.search(r"Canada\s*<span class=\"count\">\(1", html)
    assert re.search(r"Employment\s*<span class=\"count\">\(2", html)


def test_a_selected_option_stays_visible_even_without_results(visitor, world):
    response = visitor.get(f"{URL}?city=the-hague&theme=employment")

    theme_options = {o.value: o for o in response.context["facets"]["theme"].options}
    city_options = {o.value: o for o in response.context["facets"]["city"].options}
    assert theme_options["employment"].selected
    assert city_options["the-hague"].selected
    assert city_options["the-hague"].count == 0


def test_unpublished_practices_are_never_listed_or_counted(visitor, world):
    response = visitor.get(f"{URL}?city=toronto")

    assert titles(response) == {"TRIEC mentoring partnership"}
    assert response.context["page_obj"].paginator.count == 1
    assert facet_counts(response, "city") == {"toronto": 1, "the-hague": 1, "lyon": 1}
    assert facet_counts(response, "target_group") == {"skilled-immigrants": 1}
    assert "Draft internship scheme" not in response.content.decode()


def test_active_filters_are_chips_linking_to_the_list_without_them(visitor, world):
    response = visitor.get(f"{URL}?theme=employment&theme=education&country=CA")

    chips = {(chip.label, chip.value_label): chip.remove_url for chip in response.context["chips"]}
    assert chips[("Theme", "Employment")] == f"{URL}?theme=education&country=CA"
    assert chips[("Country", "Canada")] == f"{URL}?theme=employment&theme=education"
    html = response.content.decode()
    assert 'href="/practices/?theme=education&amp;country=CA"' in html


def test_sorting(visitor, world):
    by_title = visitor.get(f"{URL}?ordering=title")
    by_start = visitor.get(f"{URL}?ordering=-start_year")
    by_relevance = visitor.get(f"{URL}?q=internships")

    assert [p.slug for p in by_title.context["practices"]] == [
        "citizenship-fund",
        "lyon-charter",
        "triec",
    ]
    assert by_start.context["practices"][0].slug == "lyon-charter"
    assert by_relevance.context["ordering"] == "relevance"


def test_pages_of_twenty_keep_the_filters(visitor, world):
    theme = world["triec"].themes.get()
    for number in range(23):
        PracticeFactory(title=f"Employment practice {number:02}", themes=[theme])

    first = visitor.get(f"{URL}?theme=employment&ordering=title")
    second = visitor.get(f"{URL}?theme=employment&ordering=title&page=2")

    assert first.context["page_obj"].paginator.count == 25
    assert len(first.context["practices"]) == 20
    assert len(second.context["practices"]) == 5
    assert 'href="?theme=employment&amp;ordering=title&amp;page=2"' in first.content.decode()
    assert "25 practices" in first.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=no-such-theme", "“no-such-theme” is not one we know"),
        ("country=ZZ", "“ZZ” is not one we know"),
        ("region=atlantis", "“atlantis” is not one we know"),
        ("instrument=magic", "“magic” is not one we know"),
        ("ongoing=maybe", "“maybe” was ignored"),
        ("year_from=abc", "“abc” was ignored"),
        ("year_to=99999", "“99999” was ignored"),
        ("ordering=sideways", "“sideways” was ignored"),
        ("page=abc", "“abc” is not a page number"),
        ("page=0", "There is no page 0"),
        ("page=999", "There is no page 999; showing the last page, 1."),
        ("q=" + "x" * 300, "was ignored"),
    ],
)
def test_bad_input_shows_the_list_with_a_message_naming_the_problem(visitor, world, query, message):
    response = visitor.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(titles(response)) == 3


def test_an_unknown_value_is_dropped_but_known_values_of_the_same_filter_are_kept(visitor, world):
    response = visitor.get(f"{URL}?theme=employment&theme=nope&country=CA")

    assert response.status_code == 200
    assert titles(response) == {"TRIEC mentoring partnership"}
    assert "“nope” is not one we know" in response.content.decode()


def test_no_results_suggests_which_filter_to_drop(visitor, world):
    response = visitor.get(f"{URL}?theme=employment&city=the-hague")

    html = response.content.decode()
    assert "No practice matches all of these filters." in html
    suggestions = {s.name: (s.count_without, s.remove_url) for s in response.context["suggestions"]}
    assert suggestions["theme"] == (1, f"{URL}?city=the-hague")
    assert suggestions["city"] == (2, f"{URL}?theme=employment")
    assert "remove filter City: the-hague (2 results)" in html


def test_the_list_links_to_an_atom_feed_of_the_same_search(visitor, world):
    response = visitor.get(f"{URL}?theme=employment&country=CA&page=1")

    html = response.content.decode()
    assert (
        '<link rel="alternate"\n        type="application/atom+xml"' in html
        or 'type="application/atom+xml"' in html
    )
    assert 'href="/feeds/practices/?theme=employment&amp;country=CA"' in html
    assert "Subscribe to this search" in html


class _FormControls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.form_method = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.ids.append(attrs.get("id"))
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag == "form" and attrs.get("id") == "practice-filters":
            self.form_method = attrs.get("method")


def test_the_filter_form_works_without_javascript_and_every_control_is_labelled(visitor, world):
    response = visitor.get(f"{URL}?theme=employment")

    parser = _FormControls()
    parser.feed(response.content.decode())
    assert parser.form_method == "get"
    assert parser.ids and None not in parser.ids
    assert set(parser.ids) <= parser.labels
    assert len(parser.ids) == len(set(parser.ids)), "control ids are unique"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _many_practices(count: int):
    employment = ThemeFactory(name="Employment", slug="employment")
    eccar = Commitment.objects.filter(slug="eccar-1").first() or CommitmentFactory(slug="eccar-1")
    for number in range(count):
        PracticeFactory(
            cities=[CityFactory(country=["CA", "NL", "FR"][number % 3])],
            themes=[employment, ThemeFactory()],
            target_groups=[TargetGroupFactory()],
            lead_organisation=OrganisationFactory(),
            partners=[OrganisationFactory(), OrganisationFactory()],
            commitments=[eccar],
        )


@pytest.mark.parametrize(
    "query", ["", "?theme=employment&country=CA&country=NL&ongoing=true&q=newcomers"]
)
def test_the_list_runs_a_fixed_number_of_queries(visitor, query):
    _many_practices(1)
    with_one = _queries(visitor, f"{URL}{query}")
    _many_practices(29)
    with_thirty = _queries(visitor, f"{URL}{query}")

    assert with_one == with_thirty
    assert with_thirty <= 8


def test_unknown_years_never_match_a_year_range_and_the_form_says_so(visitor, world):
    PracticeFactory(title="Undated practice", start_year=None, end_year=None)

    until = visitor.get(f"{URL}?year_to=2010")
    since = visitor.get(f"{URL}?year_from=2000")

    assert titles(until) == {"TRIEC mentoring partnership", "Citizenship fund"}
    assert "Undated practice" not in titles(since)
    html = until.content.decode()
    assert 'aria-describedby="f-year-to-help"' in html
    assert "Practices whose start year is not known are left out." in html


def test_pages_stop_at_the_cap_with_a_message_and_no_deeper_scan(visitor, world, monkeypatch):
    monkeypatch.setattr("core.paging.MAX_PAGES", 1)
    theme = world["triec"].themes.get()
    for number in range(23):
        PracticeFactory(title=f"Employment practice {number:02}", themes=[theme])

    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(f"{URL}?page=2000")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Only the first 1 pages are shown" in html
    assert "Narrow the list with filters or words" in html
    assert len(response.context["practices"]) == 20
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)
    assert 'rel="next"' not in html


def test_a_large_count_reads_as_an_estimate(visitor, world, settings):
    from django.db import connection as db

    settings.EXACT_COUNT_LIMIT = 2

    html = visitor.get(URL).content.decode()

    if db.vendor == "postgresql":
        assert re.search(r"about \d+ practices", html)
    else:  # SQLite always counts exactly
        assert "3 practices" in html and not re.search(r"about \d+ practices", html)


def test_one_practice_reads_in_the_singular(visitor, world):
    html = visitor.get(f"{URL}?city=toronto").content.decode()
    assert re.search(r">\s*1 practice\s*<", html)


def test_a_long_facet_shows_the_options_with_most_results_and_the_selected_one(
    visitor, world, monkeypatch
):
    monkeypatch.setattr("practices.facets.MAX_OPTIONS", 2)
    lyon = world["charter"].cities.get()
    PracticeFactory(cities=[lyon])

    unfiltered = visitor.get(URL)
    toronto_selected = visitor.get(f"{URL}?city=toronto").context["facets"]["city"]

    city = unfiltered.context["facets"]["city"]
    assert [(o.value, o.count) for o in city.options] == [("lyon", 2), ("the-hague", 1)]
    assert city.more == 1
    assert "1 more is not listed" in unfiltered.content.decode()
    assert [o.value for o in toronto_selected.options] == ["lyon", "the-hague", "toronto"]
    assert toronto_selected.more == 0


def test_a_long_facet_folds_its_options_under_show_all(visitor, world, monkeypatch):
    monkeypatch.setattr("practices.facets.FOLD_AFTER", 1)
    for name in ["Aachen", "Bergen", "Cork"]:
        PracticeFactory(cities=[CityFactory(name=name)])

    response = visitor.get(URL)
    page = response.content.decode()
    last = response.context["facets"]["city"].folded_options[-1].value
    folded = visitor.get(f"{URL}?city={last}").content.decode()

    assert re.search(r'<details class="facet__more"\s*>', page)
    assert "Show all" in page
    assert re.search(r'<details class="facet__more"\s+open>', folded)
    assert "overflow-y" not in page


def test_facet_counts_read_as_one_result_or_several(visitor, world):
    page = " ".join(visitor.get(URL).content.decode().split())

    assert '(1<span class="visually-hidden"> result </span>)' in page
    assert '<span class="visually-hidden"> results </span>)' in page
