"""The initial data's translations: translations/<lang>.yaml fills each language's columns."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from core.history import recorded_as
from portal.management.initial_data import DEFAULT_DATA_DIR, DataError, load_initial_data
from practices.models import Commitment, Framework, Practice, TargetGroup, Theme

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "translations"


@pytest.fixture
def data_dir(tmp_path):
    """The initial data set with the small French and Spanish files of these tests."""
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    shutil.rmtree(copy / "translations", ignore_errors=True)
    shutil.copytree(FIXTURES, copy / "translations")
    return copy


def load(data_dir) -> str:
    out = StringIO()
    call_command("load_initial_data", "--data-dir", str(data_dir), stdout=out)
    return out.getvalue()


def test_the_translations_fill_each_languages_columns(data_dir):
    output = load(data_dir)

    employment = Theme.objects.get(slug="employment")
    assert employment.name_fr == "Emploi et marché du travail"
    assert employment.name_es == "Empleo y mercado laboral"
    assert employment.name_en == "Employment and labour market"
    assert employment.description_es is None  # left out: no Spanish description
    assert TargetGroup.objects.get(slug="refugees").name_fr == "Personnes réfugiées"
    plan = Framework.objects.get(slug="ten-point-plan")
    assert plan.short_name_fr == "Plan en dix points"
    assert plan.name_fr is None
    titles = dict(Commitment.objects.filter(framework=plan).values_list("number", "title_fr"))
    assert titles[1] == "Une vigilance accrue contre le racisme"
    assert titles[2] == "Évaluer le racisme et la discrimination"
    fund = Practice.objects.get(slug="the-hague-citizenship-fund")
    assert fund.title_fr == "Fonds de citoyenneté de La Haye"
    assert fund.title_en != fund.title_fr
    assert "fr: translated 7, unchanged 0; es: translated 1, unchanged 0" in output


def test_loading_twice_changes_nothing_and_keeps_languages_without_a_file(data_dir):
    load(data_dir)
    output = load(data_dir)

    assert "created 0, updated 0" in output
    assert "fr: translated 0, unchanged 7" in output
    assert Theme.objects.get(slug="employment").name_de is None


def test_an_editors_change_is_not_overwritten(data_dir, editor):
    load(data_dir)
    fund = Practice.objects.get(slug="the-hague-citizenship-fund")
    with recorded_as(editor):
        fund.title_fr = "Le fonds, titre revu par la rédaction"
        fund.save()
    content = yaml.safe_load((data_dir / "translations" / "fr.yaml").read_text())
    content["practices"]["the-hague-citizenship-fund"]["title"] = "Un titre plus récent"
    (data_dir / "translations" / "fr.yaml").write_text(yaml.safe_dump(content))

    output = load(data_dir)

    fund.refresh_from_db()
    assert fund.title_fr == "Le fonds, titre revu par la rédaction"
    assert "Skipped practice “the-hague-citizenship-fund”" in output


def test_a_missing_file_or_section_is_fine(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    shutil.rmtree(copy / "translations", ignore_errors=True)
    (copy / "translations").mkdir()
    (copy / "translations" / "de.yaml").write_text("themes: {}\n")

    report = load_initial_data(copy)

    assert report.translated == {"de": {"updated": 0, "unchanged": 0}}


def test_an_unknown_slug_or_field_names_the_file(data_dir):
    (data_dir / "translations" / "es.yaml").write_text("themes: {no-such-theme: {name: X}}\n")
    with pytest.raises(DataError, match=r"es\.yaml: no theme with slug “no-such-theme”"):
        load_initial_data(data_dir)

    (data_dir / "translations" / "es.yaml").write_text("themes: {employment: {colour: red}}\n")
    with pytest.raises(DataError, match=r"es\.yaml: theme “employment”: colour: unknown field"):
        load_initial_data(data_dir)
