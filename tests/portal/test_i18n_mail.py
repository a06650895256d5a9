"""Mail is written in its recipient's language: the one they last read the portal in, or
English when the portal has not seen them; its links lead to that language's pages."""

import pytest
from django.core import mail
from django.utils import translation

from cities.languages import language_of, remember_language
from core import mail as core_mail
from practices import services
from practices.models import Practice
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def render_languages(monkeypatch):
    """The active language each time a mail is rendered."""
    seen = []
    render = core_mail.render_mail

    def spy(template, context):
        seen.append(translation.get_language())
        return render(template, context)

    monkeypatch.setattr(core_mail, "render_mail", spy)
    return seen


def test_a_submitter_hears_of_the_decision_in_their_language(editor, render_languages):
    submitter = UserFactory(email="agent@lyon.example")
    remember_language(user=submitter, language="fr")
    practice = PracticeFactory(
        slug="aide-aux-nouveaux-arrivants",
        status=Practice.Status.SUBMITTED,
        submitted_by=submitter,
    )

    with translation.override("de"):  # the editor reads German; the mail is not theirs
        services.approve_practice(practice=practice, by=editor)

    (message,) = mail.outbox
    assert render_languages == ["fr"]
    assert "/fr/practices/aide-aux-nouveaux-arrivants/" in message.body


def test_each_editor_hears_of_a_submission_in_their_own_language(official, render_languages):
    from portal.accounts import ensure_editors_group

    dutch = UserFactory(email="redactie@example.org", is_staff=True)
    unknown = UserFactory(email="editor@example.org", is_staff=True)
    for editor in (dutch, unknown):
        editor.groups.add(ensure_editors_group())
    remember_language(user=dutch, language="nl")
    practice = PracticeFactory(status=Practice.Status.DRAFT, submitted_by=official)

    with translation.override("fr"):  # the official submits from the French site
        services.submit_practice(practice=practice, by=official)

    assert sorted(render_languages) == ["en", "nl"]
    assert {tuple(message.to) for message in mail.outbox} == {
        ("redactie@example.org",),
        ("editor@example.org",),
    }


def test_a_signed_in_reader_s_language_is_remembered_once_per_session(official_client, official):
    official_client.get("/de/my/practices/")
    official_client.get("/de/practices/")

    assert language_of(official) == "de"

    official_client.get("/my/practices/")

    assert language_of(official) == "en"


def test_the_language_of_someone_never_seen_is_english():
    assert language_of(UserFactory()) == "en"
    assert language_of(None) == "en"


def test_a_password_reset_link_is_mailed_in_the_language_of_the_page(visitor, official):
    visitor.post("/fr/accounts/password_reset/", {"email": official.email})

    (message,) = mail.outbox
    assert "/fr/accounts/reset/" in message.body


def test_a_reminder_reaches_each_official_in_their_language(official, render_languages):
    from practices.reminders import remind_stale_practices

    remember_language(user=official, language="de")
    PracticeFactory(cities=[official.official.city], last_verified=None)

    remind_stale_practices(months=0)

    assert render_languages == ["de"]


def asked_for_access(client, path: str, **fields) -> None:
    client.post(
        path,
        {
            "name": "Ana Silva",
            "email": "ana@lyon.example",
            "organisation": "Ville de Lyon",
            "role": "",
            "city": "",
            "city_name": "Lyon",
            "message": "",
            "website": "",
            **fields,
        },
    )


def test_the_answer_to_a_request_for_access_is_in_the_language_it_was_made_in(
    visitor, editor, render_languages
):
    from cities.models import AccessRequest
    from cities.services import decline_access_request

    asked_for_access(visitor, "/fr/accounts/request-access/")
    request = AccessRequest.objects.get()
    render_languages.clear()  # the editors' notice: in their own language

    decline_access_request(access_request=request, by=editor, reason="Adresse personnelle.")

    assert request.language == "fr"
    assert render_languages == ["fr"]


def test_an_accepted_request_s_invitation_is_in_its_language_too(visitor, editor, render_languages):
    from cities.models import AccessRequest
    from cities.services import accept_access_request
    from tests.factories import CityFactory

    lyon = CityFactory(name="Lyon", slug="lyon", country="FR")
    asked_for_access(visitor, "/es/accounts/request-access/", city=lyon.pk, city_name="")
    render_languages.clear()

    accept_access_request(access_request=AccessRequest.objects.get(), by=editor)

    (message,) = [message for message in mail.outbox if message.to == ["ana@lyon.example"]]
    assert render_languages == ["es"]
    assert "/es/accounts/invitation/" in message.body
