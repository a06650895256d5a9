"""Admin wiring that spans apps.

API tokens are issued and revoked on the partner accounts page only (cities.admin, through
cities.services): django-rest-knox's own token admin would list digests and let tokens be
made elsewhere, so it is not shown.
"""

from django.contrib import admin
from knox.models import AuthToken

admin.site.unregister(AuthToken)
