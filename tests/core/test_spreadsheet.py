"""CSV cells that are safe to open in a spreadsheet: text never runs as a formula."""

import io
from decimal import Decimal

import pytest

from core.spreadsheet import spreadsheet_cell, spreadsheet_writer


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        ("-5", "'-5"),  # text that looks like a number is still text
        ("Malmö", "Malmö"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, -5),  # a real number stays a number
        (Decimal("-79.347015"), Decimal("-79.347015")),
        (2.5, 2.5),
    ],
)
def test_cells(value, expected):
    assert spreadsheet_cell(value) == expected


def test_numbers_are_bare_and_text_is_quoted():
    buffer = io.StringIO()
    spreadsheet_writer(buffer).writerow([spreadsheet_cell(v) for v in ["=1", -5, "a;=b"]])

    assert buffer.getvalue() == '"\'=1",-5,"a;=b"\r\n'
