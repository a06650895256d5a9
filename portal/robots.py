"""/robots.txt: everything public may be crawled; the admin and officials' pages may not (in
any language), nor the switcher's links, which only remember a reader's language: crawlers
find each language's pages through the sitemap and the pages' hreflang links."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /my/",
        *(f"Disallow: /{code}/my/" for code, _name in settings.LANGUAGES[1:]),
        "Disallow: /language/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
