"""`manage.py load_initial_data`: the seed data set, its figures, reloading and demo accounts.

Figures are checked against the two seed documents: the 2007 Copenhagen workshop
report (seeds/000) and the THP publications listing (seeds/001).
"""

import datetime
import shutil
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from cities.models import City, Official, Organisation
from portal.management.initial_data import DEFAULT_DATA_DIR
from practices.models import (
    Commitment,
    Framework,
    Outcome,
    Practice,
    PracticeEvent,
    TargetGroup,
    Theme,
)
from publications.models import Contributor, Publication

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "demo-pass-123"
REPORT_DATE = datetime.datetime(2007, 10, 30, tzinfo=datetime.UTC)
COPENHAGEN_WORKSHOP = "copenhagen-workshop-inclusive-citizenship-employment-2007"


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_initial_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded():
    return load()


def outcomes_of(slug: str) -> set[tuple[str, Decimal, str]]:
    return {(o.qualifier, o.value, o.unit) for o in Outcome.objects.filter(practice__slug=slug)}


# --- what is loaded -------------------------------------------------------------------


def test_loads_every_record_of_the_sources(loaded):
    assert City.objects.count() == 17
    assert Organisation.objects.count() == 34
    assert Theme.objects.count() == 15
    assert TargetGroup.objects.count() == 12
    assert Framework.objects.count() == 5
    assert Commitment.objects.count() == 18 + 23 + 17
    assert Practice.objects.count() == 17
    assert Outcome.objects.count() == 15
    assert Publication.objects.count() == 10
    assert Contributor.objects.count() == 3
    assert "17 cities, 34 organisations" in loaded
    assert "created 168, updated 0, unchanged 0" in loaded


def test_cities_named_by_the_sources_have_country_and_coordinates(loaded):
    expected = {
        "copenhagen": "DK",
        "johannesburg": "ZA",
        "lyon": "FR",
        "malmo": "SE",
        "the-hague": "NL",
        "toronto": "CA",
        "barcelona": "ES",
        "montreal": "CA",
        "porto-alegre": "BR",
        "cairo": "EG",
        "sao-paulo": "BR",
        "turin": "IT",
        "london": "GB",
        "los-angeles": "US",
        "new-york": "US",
        "brussels": "BE",
        "geneva": "CH",
    }
    cities = {city.slug: city for city in City.objects.all()}
    assert {slug: cities[slug].country.code for slug in expected} == expected
    assert all(city.has_coordinates and city.description for city in cities.values())
    assert cities["malmo"].name == "Malmö"
    assert all(city.population is None for city in cities.values())  # the sources give none


def test_every_practice_is_published_at_the_report_date(loaded):
    assert set(Practice.objects.values_list("status", flat=True)) == {"published"}
    assert set(Practice.objects.values_list("published_at", flat=True)) == {REPORT_DATE}
    assert PracticeEvent.objects.filter(to_status="published").count() == 17
    assert set(Publication.objects.values_list("status", flat=True)) == {"published"}


def test_triec_figures_match_the_report(loaded):
    triec = Practice.objects.get(slug="triec-toronto")
    assert triec.start_year == 2003
    assert triec.scope == Practice.Scope.REGIONAL
    assert triec.lead_organisation.slug == "triec"
    assert outcomes_of("triec-toronto") == {
        ("", Decimal(380), "immigrants"),
        ("more-than", Decimal(140), "employers"),
        ("more-than", Decimal(80), "%"),
        ("nearly", Decimal(1070), "immigrants"),
        ("more-than", Decimal(75), "%"),
        ("more-than", Decimal(370), "employer contacts"),
    }
    labels = " ".join(triec.outcomes.values_list("label", flat=True))
    for programme in ("Career Bridge", "Mentoring Partnership", "hireimmigrants.ca"):
        assert programme in labels
    assert "June 2002" in triec.context


def test_citizenship_fund_figures_match_the_report(loaded):
    fund = Practice.objects.get(slug="the-hague-citizenship-fund")
    assert fund.funding_amount == Decimal(1000000)
    assert fund.funding_currency == "EUR"
    assert fund.funding_period == Practice.FundingPeriod.YEARLY
    assert fund.start_year == 2007
    assert fund.instrument == Practice.Instrument.FUND
    assert [c.slug for c in fund.cities.all()] == ["the-hague"]
    assert outcomes_of("the-hague-citizenship-fund") == {
        ("up-to", Decimal(25000), "EUR"),
        ("at-least", Decimal(10), "residents"),
        ("", Decimal(3000), "children"),
    }
    assert "Citizenship Award" in fund.approach


def test_other_practice_figures_match_the_report(loaded):
    assert ("", Decimal(35), "companies") in outcomes_of("lyon-company-diversity-charter")
    assert ("", Decimal(6), "commitments") in outcomes_of("lyon-company-diversity-charter")
    assert outcomes_of("canada-ontario-toronto-mou") == {("up-to", Decimal(50), "%")}
    assert outcomes_of("copenhagen-employment-integration-committee") == {
        ("", Decimal(7), "administrations")
    }
    mia = Practice.objects.get(slug="dihr-mia-prize")
    assert (mia.start_year, mia.instrument) == (2003, "award")
    assert outcomes_of("dihr-mia-prize") == {("", Decimal(3), "categories")}
    coalition = Practice.objects.get(slug="unesco-international-coalition-of-cities-against-racism")
    assert (coalition.start_year, coalition.scope) == (2004, "international")
    assert not coalition.cities.exists()
    assert outcomes_of(coalition.slug) == {("", Decimal(6), "regional coalitions")}
    framework = Practice.objects.get(slug="ilo-multilateral-framework-on-labour-migration")
    assert (framework.start_year, framework.scope) == (2006, "international")


def test_outcomes_name_the_seed_report_as_their_source(loaded):
    sources = set(Outcome.objects.values_list("source", flat=True))
    assert len(sources) == 1
    assert "Copenhagen" in sources.pop()


def test_ten_point_plan_has_its_ten_commitments(loaded):
    titles = dict(
        Commitment.objects.filter(framework__slug="ten-point-plan").values_list("number", "title")
    )
    assert titles[1] == "Greater vigilance against racism"
    assert titles[5] == "The city as an active supporter of equal opportunity practices"
    assert titles[6] == "The city as an equal opportunities employer and service provider"
    assert titles[10] == "Hate crimes and conflict management"
    assert sorted(titles) == list(range(1, 11))
    assert Commitment.objects.get(slug="ilo-decent-work-2").title == "Rights at work"


def test_malmo_implements_ten_point_commitments_5_and_6(loaded):
    malmo = Practice.objects.get(slug="malmo-ten-point-plan-measures")
    assert {"ten-point-plan-5", "ten-point-plan-6"} <= set(
        malmo.commitments.values_list("slug", flat=True)
    )


def test_global_compact_has_23_objectives_and_the_sdgs_17_goals(loaded):
    objectives = Commitment.objects.filter(framework__slug="global-compact-for-migration")
    goals = Commitment.objects.filter(framework__slug="sustainable-development-goals")
    assert sorted(objectives.values_list("number", flat=True)) == list(range(1, 24))
    assert sorted(goals.values_list("number", flat=True)) == list(range(1, 18))
    assert objectives.get(number=18).title.startswith("Invest in skills development")
    assert goals.get(number=8).title == "Decent work and economic growth"


def test_labour_market_integration_is_mapped_to_gcm_18_and_sdg_8(loaded):
    skills = Commitment.objects.get(slug="global-compact-for-migration-18")
    decent_work = Commitment.objects.get(slug="sustainable-development-goals-8")
    assert "triec-toronto" in set(skills.practices.values_list("slug", flat=True))
    assert "triec-toronto" in set(decent_work.practices.values_list("slug", flat=True))


def test_copenhagen_workshop_publication(loaded):
    report = Publication.objects.get(slug=COPENHAGEN_WORKSHOP)
    assert report.kind == Publication.Kind.WORKSHOP_REPORT
    assert report.publication_date == datetime.date(2007, 10, 30)
    assert report.event_city.slug == "copenhagen"
    assert (report.event_start, report.event_end) == (
        datetime.date(2007, 10, 16),
        datetime.date(2007, 10, 18),
    )
    assert report.publisher.slug == "thp"
    assert {
        "declaration-of-the-hague-13",
        "declaration-of-the-hague-14",
        "declaration-of-the-hague-15",
        "declaration-of-the-hague-18",
    } <= set(report.commitments.values_list("slug", flat=True))
    assert {
        "danish-institute-for-human-rights",
        "municipality-of-copenhagen",
        "city-of-the-hague",
        "compagnia-di-san-paolo",
        "icco",
        "oxfam-novib",
    } <= set(report.partners.values_list("slug", flat=True))
    assert report.practices.count() == Practice.objects.count()


def test_publication_dates_and_contributors(loaded):
    speech = Publication.objects.get(slug="equal-opportunities-for-all-speech-2007")
    assert speech.kind == Publication.Kind.SPEECH
    assert (speech.publication_date.year, speech.publication_date.month) == (2007, 11)
    assert speech.contributors.get().name == "HRH Prince Constantijn of the Netherlands"

    paper = Publication.objects.get(slug="enhancing-partnerships-cities-businesses-migration-2017")
    assert paper.publication_date == datetime.date(2017, 5, 1)
    assert paper.date_precision == Publication.DatePrecision.MONTH
    assert "244 million" in paper.summary
    assert "65.3 million" in paper.summary
    assert not paper.file

    denmark = Publication.objects.get(slug="business-and-migration-perceptions-from-denmark-2009")
    assert list(denmark.contributors.values_list("name", "role")) == [
        ("Yulia Poskakukhina", Contributor.Role.EDITOR_COORDINATOR),
        ("Dylan Eyre", Contributor.Role.CO_EDITOR),
    ]

    dieh = Publication.objects.get(slug="dieh-conference-migrant-labour-supply-chains-2009")
    assert dieh.event_start == datetime.date(2009, 1, 30)
    assert "200 million" in dieh.summary

    porto_alegre = Publication.objects.get(slug="porto-alegre-workshop-education-2008")
    assert {"cairo", "johannesburg", "sao-paulo", "lyon", "turin", "the-hague"} <= set(
        porto_alegre.cities.values_list("slug", flat=True)
    )


# --- loading again ---------------------------------------------------------------------


def _snapshot() -> dict:
    with_timestamps = (City, Organisation, Practice, Publication)
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                *with_timestamps,
                Theme,
                TargetGroup,
                Framework,
                Commitment,
                Outcome,
                Contributor,
                PracticeEvent,
            )
        },
        "updated_at": {
            model.__name__: dict(model.objects.values_list("slug", "updated_at"))
            for model in with_timestamps
        },
        "outcome_ids": sorted(Outcome.objects.values_list("pk", flat=True)),
    }


def test_loading_twice_changes_nothing(loaded):
    before = _snapshot()

    output = load()

    assert _snapshot() == before
    assert "created 0, updated 0, unchanged 168" in output


def test_loading_again_restores_an_edited_record(loaded):
    City.objects.filter(slug="lyon").update(name="Lugdunum")
    Practice.objects.get(slug="triec-toronto").outcomes.first().delete()

    output = load()

    assert City.objects.get(slug="lyon").name == "Lyon"
    assert len(outcomes_of("triec-toronto")) == 6
    assert "created 0, updated 2, unchanged 166" in output


def test_loading_again_keeps_the_editors_moderation_decisions(loaded, editor):
    from practices.services import archive_practice
    from publications.services import unpublish_publications

    archive_practice(practice=Practice.objects.get(slug="triec-toronto"), by=editor)
    unpublish_publications(publications=Publication.objects.filter(kind="speech"))

    output = load()

    assert Practice.objects.get(slug="triec-toronto").status == Practice.Status.ARCHIVED
    assert not Publication.objects.filter(kind="speech", status="published").exists()
    assert "created 0, updated 0" in output


def test_loading_again_keeps_what_an_editor_changed_and_says_so(loaded, editor, tmp_path):
    from core.history import recorded_as

    fund = Practice.objects.get(slug="the-hague-citizenship-fund")
    with recorded_as(editor):
        fund.summary = "Edited by an editor after the data set was loaded."
        fund.save()
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    practices_yaml = data_dir / "practices.yaml"
    content = yaml.safe_load(practices_yaml.read_text())
    for record in content["practices"]:
        if record["slug"] in {"triec-toronto", "the-hague-citizenship-fund"}:
            record["summary"] = "The data set's newer summary."
    practices_yaml.write_text(yaml.safe_dump(content, allow_unicode=True))

    output = load("--data-dir", str(data_dir))

    fund.refresh_from_db()
    assert fund.summary == "Edited by an editor after the data set was loaded."
    assert "Skipped practice “the-hague-citizenship-fund”: edited since it was loaded" in output
    assert "skipped 1 edited since they were loaded" in output
    assert Practice.objects.get(slug="triec-toronto").summary == "The data set's newer summary."


# --- demo accounts -----------------------------------------------------------------------


def test_demo_accounts():
    load("--with-demo-accounts", "--password", PASSWORD)

    editor = User.objects.get(username="editor@example.org")
    assert editor.email == "editor@example.org"
    assert editor.is_staff
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.check_password(PASSWORD)
    assert editor.has_perms(
        [
            "practices.view_practice",
            "practices.change_practice",
            "cities.add_city",
            "publications.change_publication",
            "knox.add_authtoken",
        ]
    )
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("practices.delete_practice")
    assert not editor.has_perm("publications.delete_publication")

    official = User.objects.get(username="official@example.org")
    assert not official.is_staff
    assert not official.is_superuser
    assert Official.objects.get(user=official).city.slug == "the-hague"
    assert official.check_password(PASSWORD)


def test_demo_accounts_are_reset_not_duplicated():
    load("--with-demo-accounts", "--password", PASSWORD)
    User.objects.filter(username="editor@example.org").update(is_superuser=True)

    load("--with-demo-accounts", "--password", "another-pass-456")

    assert User.objects.count() == 2
    assert Official.objects.count() == 1
    assert Group.objects.filter(name="Editors").count() == 1
    editor = User.objects.get(username="editor@example.org")
    assert not editor.is_superuser
    assert editor.check_password("another-pass-456")


def test_no_accounts_without_the_flag(loaded):
    assert not User.objects.exists()


def test_demo_accounts_need_a_password():
    with pytest.raises(CommandError, match="--password"):
        load("--with-demo-accounts")
    assert not City.objects.exists()


# --- bad data ----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    return copy


def test_a_bad_record_names_file_record_and_field_and_loads_nothing(data_dir):
    cities = data_dir / "cities.yaml"
    cities.write_text(cities.read_text().replace("latitude: 55.67594", "latitude: 155.67594"))

    with pytest.raises(CommandError) as error:
        load("--data-dir", str(data_dir))

    message = str(error.value)
    assert "cities.yaml" in message
    assert "copenhagen" in message
    assert "latitude" in message
    assert not City.objects.exists()


def test_an_unknown_reference_names_the_field(data_dir):
    practices = data_dir / "practices.yaml"
    practices.write_text(
        practices.read_text().replace(
            "lead_organisation: city-of-malmo", "lead_organisation: city-of-malmoe"
        )
    )

    with pytest.raises(
        CommandError,
        match=r"practices\.yaml.*malmo-ten-point-plan-measures.*"
        r"lead_organisation.*city-of-malmoe",
    ):
        load("--data-dir", str(data_dir))
    assert not Practice.objects.exists()


def test_an_unknown_field_is_refused(data_dir):
    organisations = data_dir / "organisations.yaml"
    organisations.write_text(
        organisations.read_text().replace("  acronym: UNESCO\n", "  acronyme: UNESCO\n")
    )

    with pytest.raises(CommandError, match=r"organisations\.yaml.*unesco.*acronyme"):
        load("--data-dir", str(data_dir))


def test_invalid_yaml_names_the_file(data_dir):
    (data_dir / "frameworks.yaml").write_text("- slug: [unclosed\n")

    with pytest.raises(CommandError, match=r"frameworks\.yaml.*not valid YAML"):
        load("--data-dir", str(data_dir))
