"""The public site and the officials' pages. The API lives in portal/api_urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import catalog, oai, views
from portal.feeds import PracticeFeed
from portal.robots import robots_txt
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feeds/practices/", PracticeFeed(), name="practices-feed"),
    path("", include("practices.urls")),
    path("", include("portal.places_urls")),
    path("", include("publications.urls")),
    path("catalog", catalog.catalog, name="catalog"),
    path("catalog.jsonld", catalog.catalog, {"format": "jsonld"}, name="catalog-jsonld"),
    path("catalog.ttl", catalog.catalog, {"format": "ttl"}, name="catalog-turtle"),
    path("oai/", oai.oai_pmh, name="oai"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
