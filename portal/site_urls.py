"""The public site and the officials' pages. The API lives in portal/api_urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import catalog, exports, frameworks, oai, pages, views
from portal.dump import DUMP_NAME
from portal.feeds import PracticeFeed, PublicationFeed
from portal.robots import robots_txt
from portal.sitemaps import SITEMAPS

framework_urls = [
    path("", frameworks.framework_list, name="list"),
    path("<slug:slug>/", frameworks.framework_detail, name="detail"),
]

export_urls = [
    path("<slug:name>.csv", exports.export_csv, name="csv"),
    path("<slug:name>.geojson", exports.export_geojson, name="geojson"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feeds/practices/", PracticeFeed(), name="practices-feed"),
    path("feeds/publications/", PublicationFeed(), name="publications-feed"),
    path("frameworks/", include((framework_urls, "frameworks"))),
    path("data/", exports.codebook, name="data"),
    path(f"data/{DUMP_NAME}", exports.dump_download, name="data-dump"),
    path("data/", include((export_urls, "exports"))),
    path("", include("practices.urls")),
    path("", include("portal.places_urls")),
    path("", include("publications.urls")),
    path("catalog", catalog.catalog, name="catalog"),
    path("catalog.jsonld", catalog.catalog, {"format": "jsonld"}, name="catalog-jsonld"),
    path("catalog.ttl", catalog.catalog, {"format": "ttl"}, name="catalog-turtle"),
    path("oai/", oai.oai_pmh, name="oai"),
    path("about/", pages.about, name="about"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
    path("contact/sent/", pages.contact_sent, name="contact_sent"),
    path("site-map/", pages.site_map, name="site_map"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
