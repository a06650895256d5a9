"""Translated content (django-modeltranslation) helpers shared by the apps.

modeltranslation writes into each base column (`title`) the text of whatever language is
active when the row is saved. `CanonicalTexts` saves in the default language instead, so the
base columns always hold the English text (or, failing that, the first language that has
one): raw SQL, the search trigger and exports that read them get the same text in every
request.
"""

from django.conf import settings
from django.utils import translation


class CanonicalTexts:
    """Mixed into a translated model: its base columns hold the default language's text."""

    def save(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().save(*args, **kwargs)
