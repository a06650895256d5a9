"""Where uploads are stored and under which names.

Every stored name is random (`random_file_name`): the uploader's file name never becomes a
path, so it can neither collide, nor be guessed, nor carry what the uploader typed.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so no web server serves them.

    They have no public URL: a view checks who may have one and streams it (see
    practices.views.document_download). The setting is read on each use, so tests can
    move it. STORAGES["private"] names this class, or core.s3.PrivateS3Storage when
    uploads live in a bucket.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public address; link to the view that serves them.")


def private_storage():
    """The storage of files only permission-checking views serve (STORAGES["private"])."""
    return storages["private"]


def random_file_name(extension: str) -> str:
    """A fresh random file name with the given (already validated) extension."""
    return f"{uuid.uuid4().hex}.{extension.lower().lstrip('.')}"
