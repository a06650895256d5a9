"""Editors translate in the admin: each text has a field per language, side by side."""

import pytest
from django.urls import reverse

from practices.models import Practice
from tests.factories import CityFactory, PracticeFactory, ThemeFactory
from tests.portal.test_history import admin_form_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "de", "nl"]


def test_the_practice_change_page_has_every_language_and_saves_them(editor_client):
    practice = PracticeFactory(title="Career Bridge")
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    page = editor_client.get(url)
    form = page.context["adminform"].form
    assert {f"title_{code}" for code in LANGUAGES} <= set(form.fields)
    assert {f"summary_{code}" for code in LANGUAGES} <= set(form.fields)
    assert "original_language" in form.fields

    data = admin_form_data(page)
    data["title_fr"] = "Passerelle carrière"
    data["summary_es"] = "Prácticas para personas recién llegadas."
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.title_en == "Career Bridge"
    assert practice.title_fr == "Passerelle carrière"
    assert practice.summary_es == "Prácticas para personas recién llegadas."
    latest = practice.history.order_by("-history_date", "-history_id").first()
    assert latest.title_fr == "Passerelle carrière"  # the history keeps each language


def test_the_history_page_lists_a_translation_change(editor_client):
    practice = PracticeFactory(title="Career Bridge")
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = admin_form_data(editor_client.get(url))
    data["title_nl"] = "Loopbaanbrug"
    editor_client.post(url, data)

    history = editor_client.get(reverse("admin:practices_practice_history", args=[practice.pk]))

    assert history.status_code == 200
    assert "Loopbaanbrug" in history.content.decode()


@pytest.mark.parametrize(
    ("name", "factory", "fields"),
    [
        ("practices_theme", ThemeFactory, ["name", "description"]),
        ("cities_city", CityFactory, ["description"]),
    ],
)
def test_taxonomy_and_city_pages_have_language_fields(editor_client, name, factory, fields):
    record = factory()
    page = editor_client.get(reverse(f"admin:{name}_change", args=[record.pk]))

    form_fields = set(page.context["adminform"].form.fields)
    assert {f"{field}_{code}" for field in fields for code in LANGUAGES} <= form_fields
