"""The cities app's translated texts: the descriptions (names are proper names)."""

from modeltranslation.translator import TranslationOptions, translator

from cities.models import City, Organisation


class DescriptionTranslation(TranslationOptions):
    fields = ("description",)


for model in (City, Organisation):
    translator.register(model, DescriptionTranslation)
    translator.register(model.history.model, DescriptionTranslation)
