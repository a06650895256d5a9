"""Anonymous pages and API reads come from the cache until the catalogue changes; signed-in
users always get their own pages."""

import socket

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core import cache as response_cache
from practices import services
from practices.models import Practice
from publications.models import Publication
from publications.services import unpublish_publications
from tests.factories import (
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
    UserFactory,
    api_token,
)

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/practices/"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 600


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the writes inside, as a real commit would."""
    return lambda execute=True: django_capture_on_commit_callbacks(execute=execute)


@pytest.fixture
def practice(the_hague):
    return PracticeFactory(title="Citizenship Fund", slug="citizenship-fund", cities=[the_hague])


def get(client, url, **headers):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_a_repeated_anonymous_request_is_served_from_the_cache(visitor, practice):
    first, first_queries = get(visitor, API_LIST)
    again, again_queries = get(visitor, API_LIST)

    assert first_queries > 0 and again_queries == 0
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/practices/", "/practices/citizenship-fund/", "/cities/"])
def test_html_pages_are_cached_too(visitor, practice, url):
    first, _ = get(visitor, url)
    again, queries = get(visitor, url)

    assert first.status_code == 200 and queries == 0
    assert again.content == first.content


def test_a_cached_response_still_answers_conditional_requests(visitor, practice):
    etag = visitor.get(API_LIST)["ETag"]

    response, queries = get(visitor, API_LIST, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and queries == 0


def test_the_cache_key_holds_the_query_string_and_the_negotiated_headers(visitor, practice):
    PracticeFactory(title="Another", slug="another")
    visitor.get(API_LIST)

    assert len(visitor.get(f"{API_LIST}?page_size=1").json()["results"]) == 1
    csv = visitor.get(API_LIST, HTTP_ACCEPT="text/csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    _, queries = get(visitor, API_LIST, HTTP_ACCEPT_LANGUAGE="fr")
    assert queries > 0  # another Accept-Language is another entry


def test_cors_headers_are_added_to_hits(visitor, practice):
    visitor.get(API_LIST)

    response, queries = get(visitor, API_LIST, HTTP_ORIGIN="https://partner.example")

    assert queries == 0
    assert response["Access-Control-Allow-Origin"] == "*"


def test_publishing_a_practice_shows_it_once_committed(visitor, editor, practice, commits):
    submitted = PracticeFactory(
        title="New practice", slug="new-practice", status=Practice.Status.SUBMITTED
    )
    assert "new-practice" not in visitor.get(API_LIST).content.decode()
    visitor.get("/practices/")

    with commits(execute=False):
        services.approve_practice(practice=submitted, by=editor)
    # Until the write commits, others still read the old rows; so does the cache.
    assert get(visitor, API_LIST)[1] == 0
    with commits():
        services.approve_practice(practice=PracticeFactory(status="submitted"), by=editor)

    assert "new-practice" in visitor.get(API_LIST).content.decode()
    assert "New practice" in visitor.get("/practices/").content.decode()


def test_editing_a_practice_shows_the_change(visitor, practice, commits):
    visitor.get("/practices/citizenship-fund/")

    with commits():
        practice.title = "The Hague Citizenship Fund"
        practice.save()  # what the admin's change form does

    assert (
        "The Hague Citizenship Fund" in visitor.get("/practices/citizenship-fund/").content.decode()
    )


def test_changing_a_relation_shows_the_change(visitor, practice, commits):
    visitor.get(API_LIST)

    with commits():
        practice.themes.add(ThemeFactory(name="Housing", slug="housing"))

    assert visitor.get(API_LIST).json()["results"][0]["themes"][0]["slug"] == "housing"


def test_archiving_a_practice_removes_it_at_once(visitor, editor, practice, commits):
    assert visitor.get("/api/v1/practices/citizenship-fund/").status_code == 200

    with commits():
        services.archive_practice(practice=practice, by=editor)

    assert visitor.get("/api/v1/practices/citizenship-fund/").status_code == 404
    assert visitor.get(API_LIST).json()["count"] == 0


def test_unpublishing_publications_in_bulk_removes_them(visitor, commits):
    PublicationFactory(title="A report", slug="a-report")
    assert visitor.get("/api/v1/publications/a-report/").status_code == 200

    with commits():
        unpublish_publications(publications=Publication.objects.all())

    assert visitor.get("/api/v1/publications/a-report/").status_code == 404


def test_renaming_a_city_changes_every_page_that_shows_it(visitor, practice, the_hague, commits):
    visitor.get(API_LIST)

    with commits():
        the_hague.name = "Den Haag"
        the_hague.save()

    assert visitor.get(API_LIST).json()["results"][0]["cities"][0]["name"] == "Den Haag"


def test_signed_in_users_never_get_a_cached_page(visitor, official_client, editor_client, practice):
    anonymous = visitor.get("/practices/").content.decode()
    assert "Sign out" not in anonymous

    for client in (official_client, editor_client, official_client):
        page, queries = get(client, "/practices/")
        assert queries > 0
        assert "Sign out" in page.content.decode()
    # … nor is a signed-in user's page kept for anyone.
    assert visitor.get("/practices/").content.decode() == anonymous


def test_signed_in_users_do_not_get_one_anothers_pages(official_client, editor_client, practice):
    official_page = official_client.get("/my/practices/").content
    editor_page = editor_client.get("/my/practices/").content

    assert official_page != editor_page
    assert b"official@example.org" not in editor_page


def test_token_clients_get_their_own_responses(visitor, practice):
    visitor.get(API_LIST)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(UserFactory())}")

    response, queries = get(client, API_LIST)

    assert queries > 0
    assert "private" in response["Cache-Control"]


def test_responses_that_set_cookies_or_vary_otherwise_are_not_stored():
    stored = response_cache._cacheable_response
    response = HttpResponse("page")
    assert stored(response)

    response.set_cookie("csrftoken", "secret")
    assert not stored(response)
    assert not stored(HttpResponse("page", headers={"Vary": "User-Agent"}))
    assert not stored(HttpResponse("page", headers={"Cache-Control": "private"}))
    assert not stored(HttpResponse("gone", status=404))
    assert stored(HttpResponse("page", headers={"Vary": "Accept, Cookie, Accept-Language"}))


def test_a_request_with_a_session_cookie_skips_the_cache(visitor, practice):
    visitor.get(API_LIST)
    visitor.cookies["sessionid"] = "whatever"

    assert get(visitor, API_LIST)[1] > 0


def test_the_health_check_is_never_cached(visitor):
    visitor.get("/healthz")

    assert get(visitor, "/healthz")[1] > 0


def test_nothing_is_cached_when_the_cache_is_off(settings, visitor, practice):
    settings.RESPONSE_CACHE_SECONDS = 0
    visitor.get(API_LIST)

    assert get(visitor, API_LIST)[1] > 0


def test_computed_results_are_kept_until_the_content_changes(practice):
    calls = []

    def compute():
        calls.append(1)
        return {"employment": len(calls)}

    assert response_cache.cached("facets", [("theme", ["a"])], compute) == {"employment": 1}
    assert response_cache.cached("facets", [("theme", ["a"])], compute) == {"employment": 1}
    assert response_cache.cached("facets", [("theme", ["b"])], compute) == {"employment": 2}
    response_cache.bump_generation()
    assert response_cache.cached("facets", [("theme", ["a"])], compute) == {"employment": 3}


def test_facet_counts_are_cached_for_signed_in_users_too(official_client, practice, commits):
    _, first = get(official_client, "/practices/?theme=employment&page=1")
    _, again = get(official_client, "/practices/?page=1&theme=employment&ordering=title")

    assert again < first  # the page itself is the official's own, the facet counts are shared
    with commits():
        PracticeFactory(title="Another", slug="another")
    assert get(official_client, "/practices/?theme=employment")[1] == first


def test_a_normalised_query_ignores_order_and_empty_values():
    from django.http import QueryDict

    assert response_cache.normalised_query(
        QueryDict("theme=b&q=&theme=a&city=x")
    ) == response_cache.normalised_query(QueryDict("city=x&theme=a&theme=b"))


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_pages_are_shared_and_invalidated(settings, visitor, practice, commits):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/12",
            "KEY_PREFIX": "ice-tests-apispeed",
        }
    }
    from django.core.cache import cache

    cache.clear()
    first = visitor.get(API_LIST)
    again, queries = get(visitor, API_LIST)
    assert queries == 0 and again.content == first.content

    with commits():
        practice.title = "Renamed"
        practice.save()

    assert visitor.get(API_LIST).json()["results"][0]["title"] == "Renamed"
    cache.clear()


class CountingApplication:
    """A WSGI app answering like Django does (an HttpResponse as the body), counting calls."""

    def __init__(self, response_factory):
        self.response_factory = response_factory
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        response = self.response_factory()
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
        return response


def call_wsgi(application, path="/practices/", **extra):
    from django.test.client import RequestFactory

    environ = RequestFactory().get(path, **extra).environ
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body


@pytest.fixture
def front():
    page = CountingApplication(
        lambda: HttpResponse(
            b"<p>page</p>",
            headers={"ETag": '"v1"', "X-Content-Type-Options": "nosniff", "Vary": "origin"},
        )
    )
    return page, response_cache.CachedResponsesApplication(page)


def test_the_wsgi_front_answers_a_hit_before_django_runs(front):
    page, application = front
    first = call_wsgi(application)
    again = call_wsgi(application)

    assert page.calls == 1
    assert again == first
    assert again[0] == "200 OK" and again[1]["X-Content-Type-Options"] == "nosniff"
    assert call_wsgi(application, HTTP_IF_NONE_MATCH='"v1"')[0] == "304 Not Modified"


def test_the_wsgi_front_keys_the_query_and_skips_credentials_and_origins(front):
    page, application = front
    call_wsgi(application)

    call_wsgi(application, "/practices/?theme=housing")
    call_wsgi(application, HTTP_COOKIE="sessionid=whatever")
    call_wsgi(application, HTTP_AUTHORIZATION="Token secret")
    call_wsgi(application, HTTP_ORIGIN="https://partner.example")
    assert page.calls == 5


def test_the_wsgi_front_forgets_everything_when_the_content_changes(front):
    page, application = front
    call_wsgi(application)

    response_cache.bump_generation()
    call_wsgi(application)
    assert page.calls == 2


def test_the_wsgi_front_stores_no_response_that_sets_a_cookie():
    def with_cookie():
        response = HttpResponse(b"form")
        response.set_cookie("csrftoken", "secret")
        return response

    page = CountingApplication(with_cookie)
    application = response_cache.CachedResponsesApplication(page)
    call_wsgi(application)
    call_wsgi(application)
    assert page.calls == 2


def test_the_wsgi_front_is_off_without_the_cache(settings, front):
    settings.RESPONSE_CACHE_SECONDS = 0
    page, application = front
    call_wsgi(application)
    call_wsgi(application)
    assert page.calls == 2
