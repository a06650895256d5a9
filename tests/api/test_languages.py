"""The API answers in the language asked for: `?lang=`, else Accept-Language, else English."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.cache import cc_delim_re

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"
DETAIL = "/api/v1/practices/citizenship-fund/"
SUGGEST = "/api/v1/suggest/?q=car"


def varies_on(response) -> set[str]:
    return {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [
        ("", {}, "en"),
        ("?lang=fr", {}, "fr"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9,en;q=0.5"}, "fr"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "pt-BR,nl;q=0.8"}, "nl"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "pt-BR"}, "en"),
        ("?lang=es", {"HTTP_ACCEPT_LANGUAGE": "de"}, "es"),
    ],
)
def test_the_language_comes_from_lang_then_accept_language_then_english(
    api, catalogue, query, headers, language
):
    response = api.get(f"{LIST}{query}", **headers)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "accept-language" in varies_on(response)


def test_the_sites_language_cookie_does_not_choose_the_apis_language(api, catalogue):
    # The response cache keys on the URL and Accept-Language, never on cookies.
    api.cookies["django_language"] = "de"

    response = api.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize(
    "url", [LIST, DETAIL, "/api/v1/", "/api/v1/suggest/?q=cit", "/api/nowhere/"]
)
def test_every_api_response_says_its_language(api, catalogue, url):
    response = api.get(url, HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "de"
    assert "accept-language" in varies_on(response)


@pytest.mark.parametrize("query", ["lang=xx", "lang=", "lang=FR", "lang=fr&lang=de"])
def test_an_unsupported_or_repeated_lang_is_a_400_naming_it(api, catalogue, query):
    response = api.get(f"{DETAIL}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["lang"]


def test_the_400_lists_the_supported_languages(api, catalogue):
    message = api.get(f"{LIST}?lang=xx").json()["errors"]["lang"][0]

    assert all(code in message for code in ("en", "fr", "es", "de", "nl"))


def test_error_messages_are_in_the_requested_language(api, catalogue):
    response = api.post(f"{LIST}?lang=fr", {"title": "x"}, format="json")

    assert response.status_code == 401
    assert response["Content-Language"] == "fr"
    english = "Authentication credentials were not provided."
    with translation.override("fr"):
        french = translation.gettext(english)
    assert french != english
    assert response.json()["detail"] == french


def test_the_schema_documents_lang_and_content_language(api):
    openapi = api.get("/api/schema/?format=json").json()

    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            lang = [p for p in operation["parameters"] if p["name"] == "lang"]
            assert lang and lang[0]["in"] == "query", (method, path)
            assert set(lang[0]["schema"]["enum"]) == {"en", "fr", "es", "de", "nl"}
            assert "400" in operation["responses"], (method, path)
            for status, response in operation["responses"].items():
                if status != "304":
                    assert "Content-Language" in response.get("headers", {}), (method, path, status)


def test_the_response_cache_keeps_each_language_apart(api, catalogue, settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    french = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="fr")
    english = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as queries:
        french_again = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="fr")
        english_again = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="en")

    assert len(queries) == 0  # both from the cache
    assert french["Content-Language"] == french_again["Content-Language"] == "fr"
    assert english["Content-Language"] == english_again["Content-Language"] == "en"
    assert french_again.content == french.content
    assert english_again.content == english.content


# --- translated records -----------------------------------------------------------------


@pytest.fixture
def translated(catalogue):
    fund = catalogue["hague_fund"]
    fund.title_fr = "Fonds de citoyenneté"
    fund.summary_fr = "Des subventions pour des projets de citoyenneté."
    fund.save()
    education = catalogue["education"]
    education.name_fr = "Éducation"
    education.save()
    return catalogue


@pytest.mark.parametrize(
    ("query", "headers"), [("?lang=fr", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"})]
)
def test_a_french_request_gets_the_french_texts(api, translated, query, headers):
    response = api.get(f"{DETAIL}{query}", **headers)

    body = response.json()
    assert response["Content-Language"] == "fr"
    assert body["title"] == "Fonds de citoyenneté"
    assert body["summary"] == "Des subventions pour des projets de citoyenneté."
    assert body["translations"] == ["en", "fr"]
    assert body["original_language"] == "en"


def test_english_is_unchanged_and_untranslated_texts_fall_back_to_the_original(api, translated):
    english = api.get(DETAIL).json()
    french_list = api.get(f"{LIST}?lang=fr").json()["results"]

    assert english["title"] == "Citizenship Fund"
    bridge = next(row for row in french_list if row["slug"] == "career-bridge")
    assert bridge["title"] == "Career Bridge"
    assert bridge["translations"] == ["en"]


def test_a_practice_written_in_spanish_falls_back_to_spanish(api, catalogue):
    practice = catalogue["career_bridge"]
    practice.original_language = "es"
    practice.title_es = "Puente profesional"
    practice.save()

    body = api.get("/api/v1/practices/career-bridge/?lang=de").json()

    assert body["title"] == "Puente profesional"
    assert body["original_language"] == "es"
    assert body["translations"] == ["en", "es"]


def test_a_practices_themes_are_named_in_the_requested_language(api, translated):
    french = api.get(f"{DETAIL}?lang=fr").json()
    english = api.get(DETAIL).json()

    assert [theme["name"] for theme in french["themes"]] == ["Éducation"]
    assert [theme["name"] for theme in english["themes"]] == ["Education"]


def test_taxonomy_records_are_translated_and_list_their_translations(api, translated):
    themes = api.get("/api/v1/themes/?lang=fr").json()["results"]

    education = next(theme for theme in themes if theme["slug"] == "education")
    assert education["name"] == "Éducation"
    assert education["translations"] == ["en", "fr"]


def test_the_french_list_costs_the_queries_the_english_one_does(api, translated):
    with CaptureQueriesContext(connection) as english:
        api.get(LIST)
    with CaptureQueriesContext(connection) as french:
        api.get(f"{LIST}?lang=fr")

    assert len(french) == len(english)


def test_the_response_cache_never_serves_one_languages_texts_in_another(api, translated, settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    for _round in range(2):
        french = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="fr")
        english = api.get(DETAIL, HTTP_ACCEPT_LANGUAGE="en")
        assert french.json()["title"] == "Fonds de citoyenneté"
        assert english.json()["title"] == "Citizenship Fund"


def test_the_schema_documents_translations_and_original_language(api):
    schemas = api.get("/api/schema/?format=json").json()["components"]["schemas"]

    practice = schemas["PracticeList"]["properties"]
    assert practice["translations"]["items"] == {"$ref": "#/components/schemas/LanguageEnum"}
    assert practice["original_language"]["allOf"] == [practice["translations"]["items"]]
    assert set(schemas["LanguageEnum"]["enum"]) == {"en", "fr", "es", "de", "nl"}
    assert "translations" in schemas["Theme"]["properties"]


def test_cities_organisations_and_publications_are_translated_too(api, catalogue):
    toronto, report = catalogue["toronto"], catalogue["report"]
    toronto.description_fr = "La plus grande ville du Canada."
    toronto.save()
    report.summary_fr = "Un atelier sur la citoyenneté."
    report.save()

    city = api.get("/api/v1/cities/toronto/?lang=fr").json()
    publication = api.get("/api/v1/publications/workshop-on-citizenship/?lang=fr").json()
    organisation = api.get("/api/v1/organisations/triec/?lang=fr").json()

    assert city["description"] == "La plus grande ville du Canada."
    assert publication["summary"] == "Un atelier sur la citoyenneté."
    assert "fr" in publication["translations"]
    assert organisation["translations"] == [] or "en" in organisation["translations"]


def test_a_practice_sent_in_french_is_stored_as_written_in_french(partner_client, catalogue):
    from practices.models import Practice
    from tests.api.test_write import NEW_PRACTICE

    response = partner_client.post(f"{LIST}?lang=fr", NEW_PRACTICE, format="json")

    assert response.status_code == 201
    practice = Practice.objects.get(slug=response.json()["slug"])
    assert practice.original_language == "fr"
    assert practice.title_fr == NEW_PRACTICE["title"]
    assert response.json()["translations"] == ["fr"]


def test_suggestions_in_french_cost_the_queries_they_cost_in_english(api, translated):
    with CaptureQueriesContext(connection) as english:
        english_labels = [item["label"] for item in api.get(f"{SUGGEST}&lang=en").json()["results"]]
    with CaptureQueriesContext(connection) as french:
        french_labels = [item["label"] for item in api.get(f"{SUGGEST}&lang=fr").json()["results"]]

    assert len(french) == len(english)
    assert "Career Bridge" in english_labels
    assert "Career Bridge" in french_labels  # untranslated: its English title


def test_suggestions_find_a_french_title(api, translated):
    labels = [
        item["label"] for item in api.get("/api/v1/suggest/?q=fonds&lang=fr").json()["results"]
    ]

    assert labels == ["Fonds de citoyenneté"]


def test_a_text_changed_in_french_leaves_the_english_one(partner_client, catalogue):
    from practices.models import Practice
    from tests.api.test_write import NEW_PRACTICE

    slug = partner_client.post(LIST, NEW_PRACTICE, format="json").json()["slug"]
    partner_client.post(f"{LIST}{slug}/withdraw/")

    changed = partner_client.patch(
        f"{LIST}{slug}/?lang=fr", {"summary": "Des stages rémunérés."}, format="json"
    )

    assert changed.status_code == 200, changed.json()
    practice = Practice.objects.get(slug=slug)
    assert practice.summary_fr == "Des stages rémunérés."
    assert practice.summary_en == NEW_PRACTICE["summary"]
    assert changed.json()["translations"] == ["en", "fr"]
