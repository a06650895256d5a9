"""Organisations an official types in: proposed, private until an editor confirms or
merges them into an existing one."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cities import services
from cities.models import Organisation
from practices.models import Practice
from tests.factories import (
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
    UserFactory,
)
from tests.practices.test_submissions import NEW, form_data

pytestmark = pytest.mark.django_db
Status = Organisation.Status


def new_lead(**overrides) -> dict:
    return {
        "new_lead_name": "Haagse Wijkfonds",
        "new_lead_kind": "foundation",
        "new_lead_country": "NL",
        "new_lead_website": "wijkfonds.example.org",
        **overrides,
    }


def test_an_official_types_a_lead_organisation_not_in_the_list(official_client, official):
    response = official_client.post(NEW, form_data(**new_lead()))

    assert response.status_code == 302
    practice = Practice.objects.get()
    organisation = practice.lead_organisation
    assert (organisation.name, organisation.kind, organisation.country.code) == (
        "Haagse Wijkfonds",
        "foundation",
        "NL",
    )
    assert organisation.website == "https://wijkfonds.example.org"
    assert organisation.status == Status.PROPOSED
    assert organisation.proposed_by == official


def test_a_new_partner_joins_the_chosen_ones(official_client):
    chosen = OrganisationFactory(name="Pharos")
    data = form_data(
        partners=[str(chosen.pk)],
        new_partner_name="Buurtkamer Moerwijk",
        new_partner_kind="ngo",
        new_partner_country="NL",
    )

    official_client.post(NEW, data)

    partners = Practice.objects.get().partners.order_by("name")
    assert [(p.name, p.status) for p in partners] == [
        ("Buurtkamer Moerwijk", Status.PROPOSED),
        ("Pharos", Status.ACTIVE),
    ]


def test_typing_a_name_already_there_links_that_organisation(official_client):
    existing = OrganisationFactory(name="Haagse Wijkfonds", acronym="HWF")
    official_client.post(NEW, form_data(**new_lead(new_lead_name="haagse wijkfonds")))
    official_client.post(NEW, form_data(title="Another", **new_lead(new_lead_name="HWF")))
    assert {p.lead_organisation for p in Practice.objects.all()} == {existing}
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new_lead_kind": ""}, "new_lead_kind", "Say what kind of organisation it is."),
        ({"new_lead_name": ""}, "new_lead_name", "Give the organisation's name."),
        (
            {"lead_organisation": "CHOSEN"},
            "new_lead_name",
            "Choose the lead organisation from the list or type a new one, not both.",
        ),
        ({"new_lead_website": "not a url"}, "new_lead_website", "Enter a valid URL."),
    ],
)
def test_an_incomplete_new_organisation_is_a_form_error(official_client, overrides, field, message):
    if overrides.get("lead_organisation") == "CHOSEN":
        overrides["lead_organisation"] = str(OrganisationFactory().pk)
    response = official_client.post(NEW, form_data(**new_lead(**overrides)))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Practice.objects.exists()
    assert not Organisation.objects.proposed().exists()


def test_the_edit_form_keeps_the_proposed_lead_organisation(official_client, official):
    official_client.post(NEW, form_data(**new_lead()))
    practice = Practice.objects.get()
    url = f"/my/practices/{practice.slug}/edit/"
    page = official_client.get(url).content.decode()
    assert "Haagse Wijkfonds (proposed, awaiting an editor)" in page
    # Others' proposals are not offered.
    OrganisationFactory(name="Someone else's idea", status=Status.PROPOSED)
    assert "Someone else" not in official_client.get(url).content.decode()

    data = form_data(lead_organisation=str(practice.lead_organisation_id))
    assert official_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert practice.lead_organisation.name == "Haagse Wijkfonds"


# --- out of public view until confirmed -------------------------------------------------


@pytest.fixture
def proposed():
    return OrganisationFactory(
        name="Haagse Wijkfonds", slug="haagse-wijkfonds", status=Status.PROPOSED
    )


@pytest.fixture
def published_with_proposed(proposed):
    return PracticeFactory(
        title="Citizenship Fund", slug="fund", lead_organisation=proposed, partners=[proposed]
    )


def test_a_proposed_organisation_is_in_no_public_list_page_or_api(
    visitor, proposed, published_with_proposed
):
    api = APIClient()
    assert visitor.get(proposed.get_absolute_url()).status_code == 404
    assert api.get("/api/v1/organisations/haagse-wijkfonds/").status_code == 404
    assert "haagse-wijkfonds" not in api.get("/api/v1/organisations/").content.decode()
    assert "Haagse Wijkfonds" not in visitor.get("/practices/").content.decode()
    assert "Haagse Wijkfonds" not in visitor.get("/search/?q=Wijkfonds").content.decode()
    assert "haagse-wijkfonds" not in visitor.get("/sitemap.xml").content.decode()
    assert "Haagse Wijkfonds" not in visitor.get("/practices/fund/").content.decode()
    body = api.get("/api/v1/practices/fund/").json()
    assert body["lead_organisation"] is None
    assert body["partners"] == []
    filtered = api.get("/api/v1/practices/", {"organisation": "haagse-wijkfonds"})
    assert filtered.status_code == 400 or filtered.json()["count"] == 0


def test_once_confirmed_it_is_public(editor_client, visitor, proposed, published_with_proposed):
    response = editor_client.post(
        reverse("admin:cities_organisation_changelist"),
        {"action": "confirm_selected", "_selected_action": [proposed.pk]},
        follow=True,
    )
    assert "Confirmed 1 organisation; it is public now." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.ACTIVE
    assert visitor.get(proposed.get_absolute_url()).status_code == 200
    assert "Haagse Wijkfonds" in visitor.get("/practices/fund/").content.decode()


def test_editors_see_and_filter_proposed_organisations_in_the_admin(editor_client, proposed):
    page = editor_client.get(
        reverse("admin:cities_organisation_changelist"), {"status__exact": "proposed"}
    ).content.decode()
    assert "Haagse Wijkfonds" in page


# --- merging into an existing organisation -----------------------------------------------


def test_an_editor_merges_a_proposed_organisation_into_an_existing_one(
    editor_client, proposed, published_with_proposed
):
    existing = OrganisationFactory(name="Wijkfonds Den Haag", slug="wijkfonds")
    already_both = PracticeFactory(partners=[proposed, existing])
    publication = PublicationFactory(partners=[proposed], publisher=proposed)

    start = editor_client.post(
        reverse("admin:cities_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [proposed.pk]},
    )
    merge_url = reverse("admin:cities_organisation_merge", args=[proposed.pk])
    assert start["Location"] == merge_url
    form = editor_client.get(merge_url)
    assert form.status_code == 200
    assert "Wijkfonds Den Haag" in form.content.decode()

    response = editor_client.post(merge_url, {"into": existing.pk})

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=proposed.pk).exists()
    published_with_proposed.refresh_from_db()
    assert published_with_proposed.lead_organisation == existing
    assert list(published_with_proposed.partners.all()) == [existing]
    assert list(already_both.partners.all()) == [existing]
    publication.refresh_from_db()
    assert publication.publisher == existing
    assert list(publication.partners.all()) == [existing]


def test_merge_offers_only_active_organisations_and_refuses_other_choices(editor_client, proposed):
    other_proposal = OrganisationFactory(name="Other proposal", status=Status.PROPOSED)
    merge_url = reverse("admin:cities_organisation_merge", args=[proposed.pk])
    response = editor_client.post(merge_url, {"into": other_proposal.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Organisation.objects.filter(pk=proposed.pk).exists()


def test_an_active_organisation_cannot_be_merged(editor):
    active, other = OrganisationFactory(), OrganisationFactory()
    with pytest.raises(services.CannotMerge):
        services.merge_organisation(proposed=active, into=other, by=editor)
    proposal = OrganisationFactory(status=Status.PROPOSED)
    with pytest.raises(services.CannotMerge):
        services.merge_organisation(proposed=proposal, into=proposal, by=editor)


def test_officials_cannot_reach_the_merge_page(official_client, proposed):
    url = reverse("admin:cities_organisation_merge", args=[proposed.pk])
    assert official_client.get(url).status_code == 302  # to the admin's sign-in


def test_propose_organisation_finds_a_free_slug(editor):
    OrganisationFactory(name="Pharos", slug="pharos")
    proposal = services.propose_organisation(
        name="Pharos  Foundation", kind="foundation", by=UserFactory()
    )
    assert proposal.slug == "pharos-foundation"
    assert proposal.name == "Pharos Foundation"
