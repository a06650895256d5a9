"""Admin wiring that spans apps: the editors' front page, and no stray token admin.

API tokens are issued and revoked on the partner accounts page only (cities.admin, through
cities.services): django-rest-knox's own token admin would list digests and let tokens be
made elsewhere, so it is not shown.
"""

from django.contrib import admin
from knox.models import AuthToken

from portal.dashboard import editor_dashboard
from practices import permissions

admin.site.unregister(AuthToken)

_admin_index = admin.site.index


def index_with_dashboard(request, extra_context=None):
    """The admin's front page, with what needs the editors' attention above the app list."""
    extra_context = dict(extra_context or {})
    if permissions.is_editor(request.user):
        extra_context["dashboard"] = editor_dashboard()
    return _admin_index(request, extra_context)


admin.site.index = index_with_dashboard
