"""The cities app's translated texts: the descriptions (names are proper names)."""

from modeltranslation.translator import TranslationOptions

from cities.models import City, Organisation
from core.translated import register_translated


class DescriptionTranslation(TranslationOptions):
    fields = ("description",)


for model in (City, Organisation):
    register_translated(model, DescriptionTranslation)
