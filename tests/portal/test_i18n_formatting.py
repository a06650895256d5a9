"""Figures, amounts and dates as each language writes them (CLDR's conventions)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import format_amount, format_number
from practices.models import Practice
from tests.factories import OutcomeFactory, PracticeFactory

NARROW_NBSP = "\u202f"
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€1,000,000"),
        ("fr", f"1{NARROW_NBSP}000{NARROW_NBSP}000{NBSP}€"),
        ("de", f"1.000.000{NBSP}€"),
        ("es", f"1.000.000{NBSP}€"),
        ("nl", f"€{NBSP}1.000.000"),
    ],
)
def test_a_million_euros_in_every_language(language, expected):
    assert format_amount(Decimal("1000000"), "EUR", language=language) == expected


def test_cents_show_only_when_an_amount_has_some():
    assert format_amount(Decimal("2500.50"), "EUR", language="fr") == f"2{NARROW_NBSP}500,50{NBSP}€"
    assert format_amount(Decimal("380"), "CAD", language="en") == "CA$380"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234.5"), ("fr", f"1{NARROW_NBSP}234,5"), ("de", "1.234,5"), ("nl", "1.234,5")],
)
def test_figures_in_every_language(language, expected):
    assert format_number(Decimal("1234.50"), language=language) == expected


def test_filters_format_in_the_active_language():
    template = Template("{% load localised %}{{ value|amount:'EUR' }} · {{ count|number }}")

    with translation.override("de"):
        rendered = template.render(Context({"value": Decimal("1500000"), "count": 12000}))

    assert rendered == f"1.500.000{NBSP}€ · 12.000"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 December 2026"), ("fr", "1 décembre 2026"), ("de", "1. Dezember 2026")],
)
def test_dates_in_every_language(language, expected):
    template = Template('{{ day|date:"DATE_FORMAT" }}')

    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 12, 1)})) == expected


@pytest.mark.django_db
def test_a_practice_page_in_french_writes_its_funding_and_figures_the_french_way(visitor):
    practice = PracticeFactory(
        slug="triec",
        funding_amount=Decimal("1000000"),
        funding_currency="EUR",
        funding_period=Practice.FundingPeriod.YEARLY,
    )
    OutcomeFactory(practice=practice, label="placed", value=Decimal("12500"), unit="people")

    french = visitor.get("/fr/practices/triec/").content.decode()
    english = visitor.get("/practices/triec/").content.decode()

    assert f"1{NARROW_NBSP}000{NARROW_NBSP}000{NBSP}€" in french
    assert f"12{NARROW_NBSP}500 people" in french
    assert "€1,000,000" in english and "12,500 people" in english


def test_exports_keep_their_figures_language_neutral():
    outcome = OutcomeFactory.build(value=Decimal("12500"), unit="people")

    with translation.override("fr"):
        assert outcome.display_value == "12,500 people"
