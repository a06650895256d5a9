import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_labels_its_fields(visitor):
    page = visitor.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page
    assert "csrfmiddlewaretoken" in page


def test_a_wrong_password_is_explained(visitor):
    UserFactory(username="official@example.org")
    response = visitor.post(
        "/accounts/login/", {"username": "official@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_repeated_failures_lock_the_account_for_a_while(visitor, settings):
    UserFactory(username="official@example.org")
    attempt = {"username": "official@example.org", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        visitor.post("/accounts/login/", attempt)
    response = visitor.post(
        "/accounts/login/",
        {"username": "official@example.org", "password": "a-long-test-password"},
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_the_right_password_signs_in(visitor):
    UserFactory(username="official@example.org")
    response = visitor.post(
        "/accounts/login/",
        {"username": "official@example.org", "password": "a-long-test-password", "next": "/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
