"""The publications app's translated texts.

Only the summary, which the portal writes. Titles and subtitles are bibliographic: a report
is cited under the title it was published with, so they stay as published.
"""

from modeltranslation.translator import TranslationOptions

from core.translated import register_translated
from publications.models import Publication


class PublicationTranslation(TranslationOptions):
    fields = ("summary",)


register_translated(Publication, PublicationTranslation)
