"""HTTP behaviour: conditional GET, cache headers, CORS, throttling, the error shape, bad input."""

import pytest
from django.utils import timezone

from cities.models import City
from practices.models import Practice

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"
DETAIL = "/api/v1/practices/citizenship-fund/"


@pytest.mark.parametrize("url", [LIST, DETAIL, "/api/v1/cities/", "/api/v1/publications/"])
def test_etag_gives_304_until_the_data_changes(api, catalogue, url):
    first = api.get(url)
    etag = first["ETag"]

    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    # A change to a nested summary changes the representation too.
    City.objects.filter(slug="the-hague").update(name="Den Haag")
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("url", [LIST, DETAIL])
def test_last_modified_gives_304(api, catalogue, url):
    first = api.get(url)
    last_modified = first["Last-Modified"]

    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    Practice.objects.filter(slug="citizenship-fund").update(
        updated_at=timezone.now() + timezone.timedelta(minutes=5)
    )
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_the_query_string_is_part_of_the_etag(api, catalogue):
    assert api.get(LIST)["ETag"] != api.get(f"{LIST}?ordering=title")["ETag"]


def test_a_malformed_if_modified_since_is_ignored(api, catalogue):
    assert api.get(LIST, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


def test_cache_control_public_for_anonymous_private_with_a_token(api, partner_client, catalogue):
    assert api.get(LIST)["Cache-Control"] == "public, max-age=60"
    private = partner_client.get(LIST)["Cache-Control"]
    assert "private" in private and "public" not in private
    assert "Authorization" in api.get(LIST)["Vary"]


def test_cors_allows_reading_from_any_origin(api, catalogue):
    response = api.get(LIST, HTTP_ORIGIN="https://partner.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_preflight_does_not_allow_posting(api, catalogue):
    response = api.options(
        LIST,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    allowed = response.get("Access-Control-Allow-Methods", "")
    assert "POST" not in allowed and "PATCH" not in allowed
    assert "authorization" not in response.get("Access-Control-Allow-Headers", "")


def test_cors_is_only_for_the_api(visitor, catalogue):
    response = visitor.get("/practices/", HTTP_ORIGIN="https://partner.example")

    assert "Access-Control-Allow-Origin" not in response


@pytest.fixture
def small_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }


def test_anonymous_clients_are_throttled(api, catalogue, small_rates):
    statuses = [api.get("/api/v1/themes/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/themes/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_token_clients_have_their_own_rate(partner_client, catalogue, small_rates):
    statuses = [partner_client.get("/api/v1/themes/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_anonymous_clients_are_held_to_the_anonymous_rate_only(api, catalogue, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": "2/min"},
    }
    statuses = [api.get("/api/v1/themes/").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_a_client_counter_stays_two_numbers_whatever_the_rate(api, catalogue, settings):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
    }
    for _ in range(5):
        assert api.get("/api/v1/themes/").status_code == 200

    started, count = cache.get("throttle_anon_127.0.0.1")
    assert count == 5 and started > 0


def test_a_throttled_client_may_come_back_when_its_window_ends(
    api, catalogue, small_rates, monkeypatch
):
    import time

    from rest_framework.throttling import SimpleRateThrottle

    api.get("/api/v1/themes/"), api.get("/api/v1/themes/")
    assert api.get("/api/v1/themes/").status_code == 429

    later = time.time() + 61
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: later))
    assert api.get("/api/v1/themes/").status_code == 200


def test_default_rates_come_from_settings():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_THROTTLE_RATES == {"anon": "120/min", "user": "600/min"}


@pytest.mark.parametrize(
    "query, field",
    [
        ("theme=nope", "theme"),
        ("q=%00", "q"),
        ("theme=%00", "theme"),
        ("city=a%00b", "city"),
        ("year_from=1000000000000000000000000000000", "year_from"),
        ("year_from=abc", "year_from"),
        ("year_from=2000.5", "year_from"),
        ("year_to=99999999999999999999", "year_to"),
        ("ongoing=maybe", "ongoing"),
        ("ordering=bogus", "ordering"),
        ("country=XX", "country"),
        ("region=atlantis", "region"),
        ("instrument=spaceship", "instrument"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=-3", "page_size"),
        ("page=abc", "page"),
        ("page=-1", "page"),
    ],
)
def test_bad_practice_parameters_are_400_with_field_messages(api, catalogue, query, field):
    response = api.get(f"{LIST}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid" and body["detail"]
    assert field in body["errors"] and all(body["errors"][field])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/publications/?year=1800",
        "/api/v1/publications/?kind=novel",
        "/api/v1/publications/?year_to=10000000000000000000000000000000",
        "/api/v1/cities/?ordering=population",
        "/api/v1/cities/?country=%00",
        "/api/v1/organisations/?kind=pirates",
        "/api/v1/organisations/?city=%00",
        "/api/v1/themes/?page_size=x",
        "/api/v1/practices/?format=csv&theme=nope",
    ],
)
def test_bad_parameters_elsewhere_are_400_too(api, catalogue, url):
    response = api.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("page", ["2", "0", "99999999999999999999"])
def test_a_page_out_of_range_is_404(api, catalogue, page):
    response = api.get(f"{LIST}?page={page}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/practices/nope/",
        "/api/v1/nowhere/",
        "/api/v1/cities/x/",
    ],
)
def test_not_found_is_json(api, catalogue, url):
    response = api.get(url)

    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_an_unknown_format_is_406(api, catalogue):
    response = api.get(f"{DETAIL}?format=csv")

    assert response.status_code == 406
    assert response.json() == {
        "status": 406,
        "code": "not_acceptable",
        "detail": "Unknown format. Available here: json.",
        "errors": {},
    }


def test_an_unacceptable_accept_header_is_406(api, catalogue):
    response = api.get(LIST, HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"
