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
