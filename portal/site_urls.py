"""The public site and the officials' pages. The API lives in portal/api_urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import pages, views
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
    path("about/", pages.about, name="about"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
    path("contact/sent/", pages.contact_sent, name="contact_sent"),
    path("site-map/", pages.site_map, name="site_map"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
