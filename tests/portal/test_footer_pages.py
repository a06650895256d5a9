"""The pages every page's footer links to, and the contact form that mails the editors."""

import pytest
from django.core import mail

from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Ana Silva",
    "email": "ana@example.org",
    "topic": "practice",
    "message": "The figures of the Citizenship Fund are from 2019, not 2020.",
}


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/about/", "How practices are chosen"),
        ("/accessibility/", "WCAG) 2.2 at level AA"),
        ("/accessibility/", "What is known not to work"),
        ("/privacy/", "csrftoken"),
        ("/contact/", "Contact the editors"),
        ("/site-map/", "XML sitemap for search engines"),
    ],
)
def test_footer_page_says_what_it_owes(visitor, url, heading):
    response = visitor.get(url)

    assert response.status_code == 200
    assert heading in response.content.decode()


def test_every_page_links_to_the_footer_pages(visitor):
    page = visitor.get("/").content.decode()

    for url in ["/about/", "/accessibility/", "/privacy/", "/contact/", "/site-map/"]:
        assert f'href="{url}"' in page


def test_site_map_lists_the_themes(visitor):
    ThemeFactory(name="Employment", slug="employment")

    assert 'href="/themes/employment/"' in visitor.get("/site-map/").content.decode()


def test_contact_message_reaches_the_editors(visitor, editor):
    response = visitor.post("/contact/", MESSAGE)

    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert "Ana Silva" in mail.outbox[0].subject
    assert "ana@example.org" in mail.outbox[0].body
    assert "not 2020" in mail.outbox[0].body


def test_contact_form_needs_csrf(editor):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/", MESSAGE)

    assert response.status_code == 403
    assert mail.outbox == []


def test_bad_input_gets_an_error_summary_and_sends_nothing(visitor, editor):
    response = visitor.post("/contact/", {**MESSAGE, "email": "ana at example", "message": "hi"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Contact the editors" in page
    assert "There is a problem" in page
    assert 'href="#id_email"' in page
    assert "at least 10 characters" in page
    assert "Enter an email address like name@example.org." in page
    assert mail.outbox == []


def test_contact_is_limited_per_address(visitor, editor, settings):
    settings.CONTACT_MESSAGES_PER_EMAIL = 2

    codes = [visitor.post("/contact/", MESSAGE).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert "several messages today" in visitor.post("/contact/", MESSAGE).content.decode()


def test_contact_is_limited_per_client(visitor, editor, settings):
    settings.CONTACT_MESSAGES_PER_IP = 2

    codes = [
        visitor.post("/contact/", {**MESSAGE, "email": f"p{n}@example.org"}).status_code
        for n in range(3)
    ]

    assert codes == [302, 302, 429]


def test_a_failing_mail_server_gets_a_clear_error(visitor, editor, failing_mail):
    response = visitor.post("/contact/", MESSAGE)

    assert response.status_code == 503
    assert "could not be sent just now" in response.content.decode()


def test_a_bot_filling_the_hidden_field_sends_nothing(visitor, editor):
    response = visitor.post("/contact/", {**MESSAGE, "website": "http://spam.example"})

    assert response.status_code == 302
    assert mail.outbox == []
