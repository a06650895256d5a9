"""CSV that is safe to open in a spreadsheet (OWASP's CSV-injection advice), for every CSV we write.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (tab and
carriage return too, in some of them), so text from users could fetch data or run
commands on the reader's machine. Every *text* cell that starts with one of those
characters, also after leading spaces or in its full-width form, gets a single quote
in front: spreadsheets show the text as it was (`'=SUM(A1)` reads `=SUM(A1)`), and a
program reading the CSV sees one extra leading `'`.

Numbers stay numbers: a value that is an int, float or Decimal (a year, a funding
amount, a longitude of -79.3) is written as it is, so `-5` in a numeric column is still
the number -5. A string that merely looks like a number (a title "-5 °C") is text and is
prefixed. Every text field is quoted, so a spreadsheet that splits on `;` instead of `,`
still sees one cell and never a new one starting with `=`.
"""

import csv
from decimal import Decimal
from typing import Any, TextIO

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def spreadsheet_cell(value: Any) -> Any:
    """The value, neutralised if it is text a spreadsheet would run as a formula."""
    if value.__class__ is str:  # most cells: skip the isinstance checks (exports call this a lot)
        text = value
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        text = "" if value is None else str(value)
    else:
        return value
    first = text[:1]
    if first in FORMULA_STARTS or (first == " " and text.lstrip(" ")[:1] in FORMULA_STARTS):
        return "'" + text
    return text


def spreadsheet_writer(stream: TextIO):
    """A csv.writer for files people open in spreadsheets; give it cells from spreadsheet_cell."""
    return csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
