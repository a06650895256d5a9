"""Translated content (django-modeltranslation) helpers shared by the apps.

modeltranslation writes into each base column (`title`) the text of whatever language is
active when the row is saved. `CanonicalTexts` saves in the default language instead, so the
base columns always hold the English text (or, failing that, the first language that has
one): raw SQL, the search trigger and exports that read them get the same text in every
request.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy


class CanonicalTexts:
    """Mixed into a translated model: its base columns hold the default language's text."""

    def save(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().save(*args, **kwargs)


# A language's name as it reads inside "Only available in …": lower case in French and
# Spanish ("en anglais"), so each has its own entry in the catalogues.
_NAMES_IN_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "fr": pgettext_lazy("language name inside a sentence", "French"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "de": pgettext_lazy("language name inside a sentence", "German"),
    "nl": pgettext_lazy("language name inside a sentence", "Dutch"),
}


def language_name(code: str) -> str:
    """The language's name in the active language, to be used inside a sentence."""
    if code in _NAMES_IN_SENTENCE:
        return str(_NAMES_IN_SENTENCE[code])
    return str(dict(settings.LANGUAGES).get(code, code))


@dataclass(frozen=True)
class TranslatedText:
    """One text of a record as a page in the active language shows it.

    `language` is the language the text is in; `is_fallback` says it is not the page's
    (the page then marks the element with `lang` and says the text is only available in it).
    """

    value: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def lang_attribute(self) -> str:
        """` lang="en"` for an element holding a fallback text, else nothing."""
        return format_html(' lang="{}"', self.language) if self.is_fallback else ""


def fallback_order(instance, language: str) -> list[str]:
    """The languages to read a text of `instance` in: the page's, the record's original
    language (a practice's; English for the rest), English, then the others."""
    codes = [code for code, _name in settings.LANGUAGES]
    original = getattr(instance, "original_language", None) or settings.LANGUAGE_CODE
    order = [language, original, settings.LANGUAGE_CODE, *codes]
    return list(dict.fromkeys(code for code in order if code in codes))


def is_translated(instance, field: str) -> bool:
    """Whether `field` of `instance` has per-language columns (django-modeltranslation)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(type(instance))
    except NotRegistered:
        return False
    return field in options.all_fields


def translated_text(instance, field: str, language: str | None = None) -> TranslatedText:
    """`field` of `instance` for a page in `language` (the active one), never empty while
    some language has the text."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    if instance is None:
        return TranslatedText("", language, False)
    if not is_translated(instance, field):
        return TranslatedText(getattr(instance, field, "") or "", language, False)
    order = fallback_order(instance, language)
    for code in order:
        value = getattr(instance, f"{field}_{code}", None)
        if value:
            return TranslatedText(value, code, code != language)
    return TranslatedText("", language, False)


def register_translated(model, options) -> None:
    """Register `model`'s translated fields, and its history's (django-simple-history) too.

    simple-history builds the historical model before modeltranslation adds the language
    columns, so they are registered on it as well and added to the fields its diffs compare:
    the admin's history page then shows who changed which translation.
    """
    from modeltranslation.translator import translator

    translator.register(model, options)
    history = getattr(model, "history", None)
    if history is None:
        return
    history_model = history.model
    translator.register(history_model, options)
    excluded = set(history_model._history_excluded_fields)
    history_model.tracked_fields = [f for f in model._meta.fields if f.name not in excluded]


def select_only_named_values() -> None:
    """Make `values(name=expression)` select the expressions alone, as Django's does.

    modeltranslation's queryset reads "no field names" as "every field", so a grouped count
    such as `.values(facet_value=F("kind")).annotate(n=Count("pk"))` grouped by every column
    and counted each row once. With names only, no translated column is asked for, so
    Django's own `values` is the right one.
    """
    from modeltranslation.manager import MultilingualQuerySet

    if getattr(MultilingualQuerySet.values, "selects_only_named", False):
        return
    multilingual_values = MultilingualQuerySet.values

    def values(self, *fields, **expressions):
        if not fields and expressions:
            return super(MultilingualQuerySet, self).values(**expressions)
        return multilingual_values(self, *fields, **expressions)

    values.selects_only_named = True
    MultilingualQuerySet.values = values


def text_columns(model, field: str) -> list[str]:
    """The columns `translated_text(record, field)` reads, for `only()`: the field, its
    per-language columns and the original language, where the model has them."""
    columns = [field]
    names = {f.name for f in model._meta.concrete_fields}
    columns += [
        f"{field}_{code}" for code, _name in settings.LANGUAGES if f"{field}_{code}" in names
    ]
    if "original_language" in names:
        columns.append("original_language")
    return columns
