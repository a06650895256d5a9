"""Which texts of the practices app editors and officials translate (django-modeltranslation).

Each registered field gains `<field>_<lang>` columns for every language in settings.LANGUAGES;
the historical models get them too, so a page's history shows who changed which translation.
"""

from modeltranslation.translator import TranslationOptions, translator

from core.translated import register_translated
from practices.models import (
    Commitment,
    Framework,
    Outcome,
    Practice,
    ReviewQueue,
    TargetGroup,
    Theme,
)


class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "context", "approach", "results", "lessons")


class OutcomeTranslation(TranslationOptions):
    # The qualifier is a choice (translated by the catalogues); the unit is a word ("people").
    fields = ("label", "unit")


class TaxonomyTranslation(TranslationOptions):
    fields = ("name", "description")


class FrameworkTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


class CommitmentTranslation(TranslationOptions):
    fields = ("title", "description")


class ProxyTranslation(TranslationOptions):
    fields = ()


TRANSLATED = [
    (Practice, PracticeTranslation),
    (Outcome, OutcomeTranslation),
    (Theme, TaxonomyTranslation),
    (TargetGroup, TaxonomyTranslation),
    (Framework, FrameworkTranslation),
    (Commitment, CommitmentTranslation),
]

for model, options in TRANSLATED:
    register_translated(model, options)
translator.register(ReviewQueue, ProxyTranslation)
