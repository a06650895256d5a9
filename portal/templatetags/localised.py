"""Figures in the reader's language: {{ city.population|number }},
{{ practice.funding_amount|amount:practice.funding_currency }} (see core.formatting)."""

from django import template

from core.formatting import format_amount, format_number

register = template.Library()


@register.filter
def number(value) -> str:
    return format_number(value)


@register.filter
def amount(value, currency: str) -> str:
    return format_amount(value, currency)
