"""Addresses for machines (feeds, data files, the DCAT catalogue, OAI-PMH, sitemap, robots):
one address whatever the reader's language, so they stay outside the language prefixes."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import catalog, exports, oai
from portal.dump import DUMP_NAME
from portal.feeds import PracticeFeed, PublicationFeed
from portal.robots import robots_txt
from portal.sitemaps import SITEMAPS

export_urls = [
    path("<slug:name>.csv", exports.export_csv, name="csv"),
    path("<slug:name>.geojson", exports.export_geojson, name="geojson"),
]

urlpatterns = [
    path("feeds/practices/", PracticeFeed(), name="practices-feed"),
    path("feeds/publications/", PublicationFeed(), name="publications-feed"),
    path(f"data/{DUMP_NAME}", exports.dump_download, name="data-dump"),
    path("data/", include((export_urls, "exports"))),
    path("catalog", catalog.catalog, name="catalog"),
    path("catalog.jsonld", catalog.catalog, {"format": "jsonld"}, name="catalog-jsonld"),
    path("catalog.ttl", catalog.catalog, {"format": "ttl"}, name="catalog-turtle"),
    path("oai/", oai.oai_pmh, name="oai"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
