"""The XML sitemap: only what a visitor may see (published practices and publications), each
page once per language with its alternates (hreflang) and x-default (English)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import City, Organisation
from practices.models import Framework, Practice, Theme
from publications.models import Publication


class LocalisedSitemap(Sitemap):
    """Every item in every language of settings.LANGUAGES, each listing the others."""

    i18n = True
    alternates = True
    x_default = True


class StaticViewSitemap(LocalisedSitemap):
    """The site's list pages."""

    priority = 0.8
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "practices:list",
            "cities:list",
            "publications:list",
            "frameworks:list",
            "data",
            "about",
            "accessibility",
            "privacy",
            "contact",
            "site_map",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PracticeSitemap(LocalisedSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, practice: Practice):
        return practice.updated_at


class PublicationSitemap(LocalisedSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Publication.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, publication: Publication):
        return publication.updated_at


class CitySitemap(LocalisedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return City.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, city: City):
        return city.updated_at


class OrganisationSitemap(LocalisedSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Organisation.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation: Organisation):
        return organisation.updated_at


class ThemeSitemap(LocalisedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Theme.objects.only("slug").order_by("pk")


class FrameworkSitemap(LocalisedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Framework.objects.only("slug").order_by("pk")


SITEMAPS = {
    "pages": StaticViewSitemap,
    "practices": PracticeSitemap,
    "publications": PublicationSitemap,
    "cities": CitySitemap,
    "organisations": OrganisationSitemap,
    "themes": ThemeSitemap,
    "frameworks": FrameworkSitemap,
}
