"""A NUL character anywhere in a request is a clear 400, never a 500 (PostgreSQL refuses them)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/practices/?theme=%00",
        "/practices/?q=a%00b",
        "/practices/?%00=1",
        "/cities/?country=%00",
        "/publications/?kind=%00",
        "/search/?q=%00",
        "/feeds/practices/?q=%00",
        "/practices/a%00b/",
        "/?q=%00",
    ],
)
def test_public_pages_refuse_nul_characters(visitor, the_hague, url):
    response = visitor.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/practices/practice/?status=%00",
        "/admin/practices/practice/?q=%00",
        "/admin/cities/city/?region=%00",
        "/admin/practices/practice/?o=%00",
    ],
)
def test_admin_list_filters_refuse_nul_characters(editor_client, url):
    assert editor_client.get(url).status_code == 400


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/practices/?q=%00", "q"),
        ("/api/v1/practices/?page=%00", "page"),
        ("/api/v1/cities/?ordering=a%00", "ordering"),
        ("/api/v1/practices/?format=%00", "format"),
        ("/api/v1/practices/a%00b/", "path"),
        ("/api/schema/?format=%00", "format"),
    ],
)
def test_the_api_refuses_nul_characters_as_json(api_client, url, field):
    response = api_client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {field: ["Null characters are not allowed."]}


def test_form_data_with_a_nul_character_is_refused(visitor, official):
    response = visitor.post("/accounts/login/", {"username": "a\x00b", "password": "x"})

    assert response.status_code == 400


def test_the_same_pages_work_without_one(visitor, editor_client, the_hague):
    assert visitor.get("/practices/?q=fund").status_code == 200
    assert editor_client.get("/admin/practices/practice/?status=draft").status_code == 200


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
