"""The partner API: /api/v1/ (resources), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.exceptions import not_found
from portal.api.routers import router
from portal.api.suggest import SuggestView

urlpatterns = [
    path("v1/suggest/", SuggestView.as_view(), name="api-suggest"),
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so no inline script.
    # Inside the site frame (templates/api/docs.html), with AA colours (static/css/api-docs.css).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/docs.html"),
        name="api-docs",
    ),
    # Whatever else is under /api/ (any character, newlines too) is the API's JSON 404.
    re_path(r"^[\s\S]*$", not_found),
]
