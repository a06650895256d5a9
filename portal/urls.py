from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.health import healthz
from portal.languages import choose_language
from portal.media import serve_upload

admin.site.site_header = _("Inclusive Cities Exchange — editors")
admin.site.site_title = "Inclusive Cities Exchange"
admin.site.index_title = _("Curate practices, cities and publications")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("portal.api_urls")),
    # Uploads, with DEBUG on or off: served after checking who may see them (portal.media).
    path("media/<path:name>", serve_upload, name="media"),
    path("language/<str:code>/", choose_language, name="choose_language"),
    path("", include("portal.machine_urls")),
    # The pages people read, in every language: English at /practices/, French at
    # /fr/practices/ (portal.languages sends a first visit to its browser's language).
    *i18n_patterns(
        path("accounts/two-factor/", include("portal.two_factor_urls")),
        path("accounts/", include("cities.account_urls")),
        path("accounts/", include("django.contrib.auth.urls")),
        path("", include("portal.site_urls")),
        prefix_default_language=False,
    ),
]
