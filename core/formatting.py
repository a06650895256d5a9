"""Numbers and amounts as the reader's language writes them (CLDR's conventions, via Babel):
1,000,000 and €1,000,000 in English, 1 000 000 and 1 000 000 € in French, € 1.000.000 in Dutch.

Django's own localisation formats dates (the `date` filter with a named format such as
"DATE_FORMAT"); templates format figures through the `number` and `amount` filters
(portal/templatetags/localised.py), which call these.
"""

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import translation

#: Up to two decimals, and only where a figure has them ("35.5", "1,200").
NUMBER_PATTERN = "#,##0.##"


def _locale(language: str | None) -> Locale:
    code = translation.to_locale(language or translation.get_language() or settings.LANGUAGE_CODE)
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


def format_number(value, *, language: str | None = None) -> str:
    """A count or a measured figure: 1,200 · 1 200 · 1.200."""
    if value is None or value == "":
        return ""
    return format_decimal(value, format=NUMBER_PATTERN, locale=_locale(language))


def format_amount(amount, currency: str, *, language: str | None = None) -> str:
    """An amount of money with its currency: €1,500,000 · 1 500 000 € · € 1.500.000; cents
    only when the amount has some."""
    if amount is None or amount == "":
        return ""
    if not currency:
        return format_number(amount, language=language)
    locale = _locale(language)
    amount = Decimal(str(amount))
    if amount == amount.to_integral_value():
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(
            amount, currency, format=pattern, locale=locale, currency_digits=False
        )
    return format_currency(amount, currency, locale=locale)
