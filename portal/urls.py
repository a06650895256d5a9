from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.health import healthz
from portal.media import serve_upload

admin.site.site_header = _("Inclusive Cities Exchange — editors")
admin.site.site_title = "Inclusive Cities Exchange"
admin.site.index_title = _("Curate practices, cities and publications")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/two-factor/", include("portal.two_factor_urls")),
    path("accounts/", include("cities.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("portal.api_urls")),
    # Uploads, with DEBUG on or off: served after checking who may see them (portal.media).
    path("media/<path:name>", serve_upload, name="media"),
    path("", include("portal.site_urls")),
]
