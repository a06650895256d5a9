"""The publications app's translated texts.

Only the summary, which the portal writes. Titles and subtitles are bibliographic: a report
is cited under the title it was published with, so they stay as published.
"""

from modeltranslation.translator import TranslationOptions, translator

from publications.models import Publication


class PublicationTranslation(TranslationOptions):
    fields = ("summary",)


translator.register(Publication, PublicationTranslation)
translator.register(Publication.history.model, PublicationTranslation)
