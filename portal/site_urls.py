"""The public site's pages, in every language (portal/urls.py prefixes them). The API lives in
portal/api_urls.py, the addresses for machines in portal/machine_urls.py."""

from django.urls import include, path

from portal import exports, frameworks, pages, views

framework_urls = [
    path("", frameworks.framework_list, name="list"),
    path("<slug:slug>/", frameworks.framework_detail, name="detail"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("frameworks/", include((framework_urls, "frameworks"))),
    path("data/", exports.codebook, name="data"),
    path("", include("practices.urls")),
    path("", include("portal.places_urls")),
    path("", include("publications.urls")),
    path("about/", pages.about, name="about"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
    path("contact/sent/", pages.contact_sent, name="contact_sent"),
    path("site-map/", pages.site_map, name="site_map"),
]
