"""core.mail: every notification as text and HTML, with a subject on one line."""

import pytest
from django.core import mail

from core.mail import MailNotSent, send_templated_mail, single_line


@pytest.mark.parametrize(
    "text",
    [
        "Help desk\nfor newcomers",
        "Help desk\r\nfor newcomers",
        "Help desk\rfor newcomers",
        "Help desk\u2028for newcomers",
        "  Help\tdesk \n\n for   newcomers \n",
    ],
)
def test_single_line_collapses_every_line_break(text):
    assert single_line(text) == "Help desk for newcomers"


def test_a_mail_has_a_text_and_an_html_part(db):
    from tests.factories import PracticeFactory

    practice = PracticeFactory(title="Fish & chips <b>bold</b>")
    send_templated_mail(
        template="practice_published",
        to=["official@example.org"],
        context={"practice": practice, "public_url": "https://x.example/p/", "note": "Well\ndone"},
    )
    (message,) = mail.outbox
    assert message.subject == "Published: Fish & chips <b>bold</b>"
    assert "“Fish & chips <b>bold</b>”" in message.body  # text: as typed
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt;" in html  # HTML: escaped
    assert "<b>bold</b>" not in html
    assert '<a href="https://x.example/p/">' in html
    assert "<p>Well<br>done</p>" in html


def test_each_recipient_gets_a_message_of_their_own(db):
    from tests.factories import PracticeFactory

    sent = send_templated_mail(
        template="practice_submitted",
        to=["a@example.org", "b@example.org", "a@example.org", ""],
        context={"practice": PracticeFactory(), "who": "Ann", "review_url": "https://x/"},
    )
    assert sent == 2
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_a_failing_mail_server_raises_mail_not_sent(db, failing_mail):
    from tests.factories import PracticeFactory

    with pytest.raises(MailNotSent):
        send_templated_mail(
            template="practice_submitted",
            to=["a@example.org"],
            context={"practice": PracticeFactory(), "who": "Ann", "review_url": "https://x/"},
        )


@pytest.mark.parametrize(
    "template",
    ["practice_submitted", "practice_published", "practice_sent_back", "practice_rejected"],
)
def test_the_html_part_is_valid_html5_with_a_language(db, template):
    import html5lib

    from core.mail import render_mail
    from tests.factories import PracticeFactory

    context = {"practice": PracticeFactory(), "note": "A note", "who": "Ann"}
    subject, _text, html = render_mail(template, context)
    parser = html5lib.HTMLParser(strict=True)
    document = parser.parse(html)
    assert document.get("lang")
    assert subject in html  # the subject is the HTML title
