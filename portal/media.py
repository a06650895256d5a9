"""/media/<name>: uploaded images and reports, served by the portal whatever the storage.

Each file is served only after finding the record that shows it: a published practice's
or publication's file is public (cacheable for a year: stored names are random, so a
changed file gets a new name); a draft's only to those who may see the draft, and never
from a shared cache. A name no record uses answers 404, as does a file someone may not see.
"""

import mimetypes
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from practices import permissions
from practices.models import Practice, PracticeRevision
from publications.models import Publication

PUBLIC_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Upload:
    """A stored file someone may fetch, and how to send it."""

    name: str
    public: bool
    download_name: str = ""  # set for documents, which are sent as attachments


def practice_image(user, name: str) -> Upload | None:
    """A practice's image, or one proposed for a published practice."""
    practices = Practice.objects.filter(image=name)
    if practices.filter(status=Practice.Status.PUBLISHED).exists():
        return Upload(name, public=True)
    if permissions.visible_practices(user, practices).exists():
        return Upload(name, public=False)
    proposed = PracticeRevision.objects.filter(changes__image=name)
    if not permissions.is_editor(user):
        proposed = proposed.filter(practice__in=permissions.team_practices(user))
    if proposed.exists():
        return Upload(name, public=False)
    return None


def publication_file(user, name: str) -> Upload | None:
    """A publication's PDF or cover image: public once the publication is."""
    publication = Publication.objects.filter(Q(file=name) | Q(cover=name)).order_by("pk").first()
    if publication is None:
        return None
    download_name = f"{publication.slug}.pdf" if publication.file.name == name else ""
    if publication.is_published:
        return Upload(name, public=True, download_name=download_name)
    if user.is_active and user.has_perm("publications.view_publication"):
        return Upload(name, public=False, download_name=download_name)
    return None


#: Which records may show a file, by the folder its field uploads to.
OWNERS = {
    "practices/": practice_image,
    "covers/": publication_file,
    "publications/": publication_file,
}


def find_upload(user, name: str) -> Upload | None:
    """The file stored as `name` if `user` may fetch it, else None."""
    for folder, owner in OWNERS.items():
        if name.startswith(folder):
            return owner(user, name)
    return None


@require_safe
def serve_upload(request: HttpRequest, name: str) -> FileResponse:
    upload = find_upload(request.user, name)
    if upload is None:
        raise Http404("No such file.")
    try:
        stream = default_storage.open(upload.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing.") from None
    content_type = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
    response = FileResponse(
        stream,
        content_type=content_type,
        as_attachment=bool(upload.download_name),
        filename=upload.download_name or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if upload.public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, immutable=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
