"""Translated texts in API records: the requested language's text (else the record's
original language's, as the pages show it: core.translated), and the languages a record
has (`translations`)."""

from django.conf import settings
from rest_framework import serializers

from core.translated import translated_text


def text(instance, field: str) -> str:
    """`field` in the active language (the request's, core.api.languages), else the
    original language's or the first that has it; "" only if no language has it."""
    return translated_text(instance, field).value


def available_languages(instance, *fields: str) -> list[str]:
    """The languages in which one of `fields` of `instance` has text, in settings' order."""
    return [
        code
        for code, _name in settings.LANGUAGES
        if any(getattr(instance, f"{field}_{code}", None) for field in fields)
    ]


class TranslationsField(serializers.ListField):
    """`translations`: the languages in which the record has one of its `fields`."""

    def __init__(self, *fields: str, **kwargs):
        self.translated_fields = fields
        named = " or ".join(f"`{field}`" for field in fields)
        kwargs.setdefault(
            "help_text",
            f"The languages the record has its {named} in; in the others they are given "
            "in the original language. Ask for one with `lang`.",
        )
        super().__init__(
            child=serializers.ChoiceField(choices=settings.LANGUAGES),
            read_only=True,
            source="*",
            **kwargs,
        )

    def to_representation(self, instance):
        return available_languages(instance, *self.translated_fields)
