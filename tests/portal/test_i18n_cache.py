"""The response cache and the languages: an unprefixed page is English for everyone it is
served to, a French first visit is redirected rather than served a stored English page, and a
reader's language choice (a cookie) never reads or fills the cache."""

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core import cache as response_cache
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
CHOSE_ENGLISH = f"{settings.LANGUAGE_COOKIE_NAME}=en"


@pytest.fixture(autouse=True)
def cache_on(settings, the_hague):
    settings.RESPONSE_CACHE_SECONDS = 600
    PracticeFactory(slug="citizenship-fund", cities=[the_hague])


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_a_stored_english_page_is_not_served_to_a_french_first_visit(visitor):
    visitor.get("/practices/")  # stored, for browsers without a preference
    visitor.get("/practices/", HTTP_ACCEPT_LANGUAGE="en-GB")

    response = visitor.get("/practices/", **FRENCH)

    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/"


def test_french_pages_are_cached_under_their_own_address(visitor):
    first, _ = queries_for(visitor, "/fr/practices/", **FRENCH)
    again, queries = queries_for(visitor, "/fr/practices/", **FRENCH)

    assert queries == 0
    assert again.content == first.content
    assert '<html lang="fr">' in again.content.decode()


def test_a_reader_who_chose_english_neither_reads_nor_fills_the_cache(visitor):
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    chose_english, _ = queries_for(visitor, "/practices/", **FRENCH)
    again, queries = queries_for(visitor, "/practices/", **FRENCH)
    visitor.cookies.clear()

    first_visit = visitor.get("/practices/", **FRENCH)

    assert chose_english.status_code == again.status_code == 200 and queries > 0
    assert '<html lang="en">' in again.content.decode()
    assert first_visit.status_code == 302  # not the English page the chooser was shown


def test_officials_pages_are_never_cached_in_any_language():
    factory = RequestFactory()

    for path in ["/fr/my/practices/", "/de/accounts/login/", "/nl/accounts/password_reset/"]:
        assert not response_cache._cacheable_request(factory.get(path))
    assert response_cache._cacheable_request(factory.get("/fr/practices/"))


def call(application, path, **extra):
    environ = RequestFactory().get(path, **extra).environ
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body


def test_the_wsgi_front_keeps_languages_apart_too():
    application = response_cache.CachedResponsesApplication(WSGIHandler())

    english = call(application, "/practices/")
    english_again = call(application, "/practices/")
    chose_english = call(application, "/practices/", HTTP_COOKIE=CHOSE_ENGLISH, **FRENCH)
    first_visit = call(application, "/practices/", **FRENCH)
    french = call(application, "/fr/practices/", **FRENCH)
    french_again = call(application, "/fr/practices/", **FRENCH)

    assert english[0] == english_again[0] == "200 OK" and english_again[2] == english[2]
    assert b'<html lang="en">' in chose_english[2]
    assert first_visit[0] == "302 Found"
    assert first_visit[1]["Location"] == "/fr/practices/"
    assert french_again[2] == french[2] and b'<html lang="fr">' in french[2]
