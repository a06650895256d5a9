"""Uploads in an S3-compatible bucket (django-storages), still served through the portal.

The bucket stays private: every file is fetched through /media/ (portal.media), which
checks who may see it, so a draft's image is as private in the bucket as on disk, and
public files carry the portal's long cache headers for a CDN in front of it.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PortalS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)


class PrivateS3Storage(S3Storage):
    """Practices' reports, under their own folder of the bucket; served only by their view."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public address; link to the view that serves them.")
