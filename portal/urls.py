from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from portal.health import healthz

admin.site.site_header = "Inclusive Cities Exchange — editors"
admin.site.site_title = "Inclusive Cities Exchange"
admin.site.index_title = "Curate practices, cities and publications"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/two-factor/", include("portal.two_factor_urls")),
    path("accounts/", include("cities.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("portal.api_urls")),
    path("", include("portal.site_urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
