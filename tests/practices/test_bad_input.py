"""Bad input never creates a duplicate or a 500: forms sent twice, slug races, odd titles."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection

from practices import services
from practices.models import Practice
from tests.factories import CityFactory, OfficialFactory, PracticeFactory, UserFactory
from tests.practices.test_submissions import NEW, form_data

pytestmark = pytest.mark.django_db


def creation_key(page: str) -> str:
    return re.search(r'name="creation_key" value="([0-9a-f-]{36})"', page).group(1)


def test_the_new_form_sent_twice_saves_one_practice(official_client):
    key = creation_key(official_client.get(NEW).content.decode())

    first = official_client.post(NEW, form_data(creation_key=key))
    again = official_client.post(NEW, form_data(creation_key=key), follow=True)

    assert first.status_code == 302
    assert Practice.objects.count() == 1
    assert again.status_code == 200
    assert "“Citizenship Fund” was saved already; it is not saved twice." in (
        again.content.decode()
    )


def test_save_and_submit_clicked_twice_submits_once_and_mails_once(official_client, editor):
    key = creation_key(official_client.get(NEW).content.decode())

    for _ in range(2):
        official_client.post(NEW, form_data(creation_key=key, action="submit"))

    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]


def test_each_new_form_has_its_own_key(official_client):
    first = creation_key(official_client.get(NEW).content.decode())
    second = creation_key(official_client.get(NEW).content.decode())
    assert first != second

    official_client.post(NEW, form_data(creation_key=first))
    official_client.post(NEW, form_data(creation_key=second))

    assert sorted(Practice.objects.values_list("slug", flat=True)) == [
        "citizenship-fund",
        "citizenship-fund-2",
    ]


def test_a_form_with_errors_keeps_its_key(official_client):
    key = creation_key(official_client.get(NEW).content.decode())
    response = official_client.post(NEW, form_data(creation_key=key, summary=""))
    assert response.status_code == 200
    assert creation_key(response.content.decode()) == key


def test_another_users_key_does_not_stop_them(official, the_hague):
    other = OfficialFactory(city=the_hague).user
    key = "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f"
    for user in (official, other):
        services.create_practice(
            by=user, title="Help desk", summary="A", creation_key=key, cities=[the_hague]
        )
    assert Practice.objects.count() == 2


def test_a_double_click_racing_past_the_check_still_saves_once(official, the_hague, monkeypatch):
    """The second request checks before the first has saved, then loses at the database."""
    key = "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f"
    real_unique_slug = services.unique_slug
    first = {}

    def first_request_saves_meanwhile(title):
        if not first:
            first["practice"] = PracticeFactory(
                title=title, slug=real_unique_slug(title), submitted_by=official, creation_key=key
            )
        return real_unique_slug(title)

    monkeypatch.setattr(services, "unique_slug", first_request_saves_meanwhile)

    with pytest.raises(services.DuplicateSubmission) as duplicate:
        services.create_practice(
            by=official, title="Help desk", summary="A", creation_key=key, cities=[the_hague]
        )

    assert duplicate.value.practice == first["practice"]
    assert Practice.objects.count() == 1


def test_someone_taking_the_slug_in_the_same_instant_gets_no_error(
    official, the_hague, monkeypatch
):
    """Another official saves the same title between our choice of slug and our insert."""
    real_unique_slug = services.unique_slug
    raced = []

    def another_official_saves_meanwhile(title):
        slug = real_unique_slug(title)
        if not raced:
            raced.append(PracticeFactory(title=title, slug=slug))
        return slug

    monkeypatch.setattr(services, "unique_slug", another_official_saves_meanwhile)

    practice = services.create_practice(
        by=official, title="Help desk", summary="A", cities=[the_hague]
    )

    assert practice.slug == "help-desk-2"
    assert raced[0].slug == "help-desk"


def test_a_title_typed_with_line_breaks_is_saved_on_one_line(official_client):
    official_client.post(NEW, form_data(title="Citizenship\r\nFund\n"))
    assert Practice.objects.get().title == "Citizenship Fund"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="needs concurrent connections to PostgreSQL"
)
def test_two_officials_saving_the_same_title_at_once_both_succeed(monkeypatch):
    """Both choose the slug `help-desk` before either saves; one waits on the unique index,
    loses, and takes the next free slug."""
    city = CityFactory()
    officials = [OfficialFactory(city=city).user, OfficialFactory(city=city).user]
    both_chose = threading.Barrier(2, timeout=10)
    real_unique_slug = services.unique_slug
    chosen_once = set()

    def slug_then_wait(title):
        slug = real_unique_slug(title)
        if threading.get_ident() not in chosen_once:
            chosen_once.add(threading.get_ident())
            both_chose.wait()
        return slug

    monkeypatch.setattr(services, "unique_slug", slug_then_wait)
    results, errors = [], []

    def save(user):
        try:
            practice = services.create_practice(
                by=user, title="Help desk", summary="A", cities=[city]
            )
            results.append(practice.slug)
        except Exception as error:  # any failure is the test's to report
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in officials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == ["help-desk", "help-desk-2"]


@pytest.fixture
def partner_api(db):
    from rest_framework.test import APIClient

    from tests.factories import api_token

    client = APIClient()
    partner = UserFactory(username="partner@example.org", email="partner@example.org")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    return client


API_PRACTICE = {"title": "Help desk", "summary": "A front desk for newcomers."}
KEY = "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f"


def test_an_api_post_repeated_with_its_idempotency_key_creates_one_practice(partner_api, editor):
    first = partner_api.post(
        "/api/v1/practices/", API_PRACTICE, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    again = partner_api.post(
        "/api/v1/practices/", API_PRACTICE, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["slug"] == first.json()["slug"] == "help-desk"
    assert again["Location"] == first["Location"]
    assert Practice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_api_post_without_a_key_is_not_deduplicated(partner_api):
    for _ in range(2):
        assert (
            partner_api.post("/api/v1/practices/", API_PRACTICE, format="json").status_code == 201
        )
    assert Practice.objects.count() == 2


def test_a_malformed_idempotency_key_is_400(partner_api):
    response = partner_api.post(
        "/api/v1/practices/", API_PRACTICE, format="json", HTTP_IDEMPOTENCY_KEY="twice"
    )
    assert response.status_code == 400
    assert "Give a UUID" in response.json()["errors"]["Idempotency-Key"][0]
    assert not Practice.objects.exists()
