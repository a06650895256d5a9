"""English that translators can translate well: marked where it is defined, whole sentences,
and links that survive whatever broke."""

import pytest
from django.template.loader import render_to_string
from django.utils.functional import Promise

from portal.exports import EXPORTS
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_every_codebook_text_is_translated_when_shown():
    for export in EXPORTS.values():
        dataset = export.dataset
        texts = [dataset.title, dataset.description]
        texts += [column.description for column in (*dataset.columns, *export.feature_columns)]
        for text in texts:
            assert isinstance(text, Promise), text


def test_codebook_descriptions_name_their_choices(visitor):
    page = visitor.get("/data/").content.decode()

    assert "What kind of instrument it is: `fund` (Fund)" in page
    assert "%(choices)s" not in page


@pytest.mark.parametrize(
    ("start", "end", "sentence"),
    [
        (2003, 2010, "From 2003 to 2010"),
        (2003, None, "Since 2003"),
        (None, 2010, "Until 2010"),
    ],
)
def test_a_practice_says_its_years_in_one_sentence(visitor, start, end, sentence):
    practice = PracticeFactory(start_year=start, end_year=end)

    page = visitor.get(practice.get_absolute_url()).content.decode()

    assert sentence in page


def test_error_pages_link_by_name_and_fall_back_to_plain_paths(monkeypatch):
    html = render_to_string("500.html")
    for path in ("/", "/practices/", "/cities/", "/publications/"):
        assert f'href="{path}"' in html

    def broken(name):
        raise ImportError("the URLconf is what broke")

    monkeypatch.setattr("portal.templatetags.error_links.reverse", broken)
    html = render_to_string("400.html")
    for path in ("/", "/practices/", "/search/"):
        assert f'href="{path}"' in html
