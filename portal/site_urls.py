"""The public site and the officials' pages. The API lives in portal/api_urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("practices.urls")),
    path("", include("cities.urls")),
    path("", include("publications.urls")),
]
