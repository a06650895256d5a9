"""remind_stale_practices: officials hear of their city's practices nobody checked lately."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from practices.models import Practice, StaleReminder
from practices.reminders import remind_stale_practices
from tests.factories import CityFactory, OfficialFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def hague_practices(the_hague):
    return {
        "never": PracticeFactory(title="Never checked", cities=[the_hague]),
        "old": PracticeFactory(
            title="Checked long ago", cities=[the_hague], last_verified=datetime.date(2023, 1, 5)
        ),
        "fresh": PracticeFactory(
            title="Checked lately", cities=[the_hague], last_verified=datetime.date(2026, 6, 1)
        ),
        "draft": PracticeFactory(title="A draft", cities=[the_hague], status=Practice.Status.DRAFT),
    }


def test_each_official_gets_one_mail_listing_their_citys_stale_practices(official, hague_practices):
    OfficialFactory(user=UserFactory(email="second@example.org"), city=official.official.city)
    OfficialFactory(city=CityFactory(name="Toronto"))  # no practices: no mail

    report = remind_stale_practices(months=24, today=TODAY)

    assert report.sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "official@example.org",
        "second@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "The Hague: 2 practices to check"
    for body in (message.body, message.alternatives[0][0]):
        assert "Never checked" in body and "Checked long ago" in body
        assert "Checked lately" not in body and "A draft" not in body
        assert f"/my/practices/{hague_practices['never'].slug}/revise/" in body


def test_a_second_run_the_same_day_sends_nothing(official, hague_practices):
    remind_stale_practices(months=24, today=TODAY)
    mail.outbox.clear()

    report = remind_stale_practices(months=24, today=TODAY)

    assert report.sent == 0 and report.already_sent_today == 1
    assert mail.outbox == []
    remind_stale_practices(months=24, today=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 1


def test_the_months_option_and_the_setting_choose_what_is_stale(
    official, hague_practices, settings
):
    settings.STALE_AFTER_MONTHS = 1
    call_command("remind_stale_practices")
    assert "Checked lately" in mail.outbox[0].body
    with pytest.raises(CommandError):
        call_command("remind_stale_practices", "--months", "0")


def test_a_refused_mail_is_not_recorded(official, hague_practices, failing_mail):
    report = remind_stale_practices(months=24, today=TODAY)
    assert report.failed == 1
    assert not StaleReminder.objects.exists()


def test_the_run_reads_in_a_fixed_number_of_queries_and_writes_one_row_per_mail(
    official, hague_practices, django_assert_max_num_queries
):
    # Three reads whatever the size; each mail adds its record (a savepoint, an insert, a
    # release), never a query per practice.
    with django_assert_max_num_queries(3 + 3):
        remind_stale_practices(months=24, today=TODAY)
    StaleReminder.objects.all().delete()
    for number in range(5):
        OfficialFactory(city=official.official.city)
        PracticeFactory(title=f"More {number}", cities=[official.official.city])
    with django_assert_max_num_queries(3 + 3 * 6):
        remind_stale_practices(months=24, today=TODAY)
