"""Reminding officials of their city's practices that nobody has checked lately.

Officials cannot confirm a practice themselves (editors do, practices.services.verify_practice);
the mail gives each practice's public page and its revision page, where the official proposes
what changed, or says nothing changed so an editor can confirm it.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cities.languages import mail_languages
from cities.models import Official
from core.mail import MailNotSent, send_templated_mail, site_link
from core.translated import text_columns
from practices.models import Practice, StaleReminder, stale_before

logger = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    sent: int = 0
    already_sent_today: int = 0
    failed: int = 0


def remind_stale_practices(
    *, months: int | None = None, today: datetime.date | None = None
) -> ReminderReport:
    """Mail each official, once a day at most, the published practices of their city that no
    editor has confirmed for `months` months (STALE_AFTER_MONTHS by default).

    Each mail and its record of the day are one transaction: a mail the server refuses is
    not recorded, so the next run tries again.
    """
    months = settings.STALE_AFTER_MONTHS if months is None else months
    today = today or timezone.localdate()
    report = ReminderReport()
    officials = list(
        Official.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user__interface_language", "city")
        .order_by("pk")
    )
    reminded_today = set(
        StaleReminder.objects.filter(sent_on=today).values_list("official_id", flat=True)
    )
    by_city = _stale_by_city({official.city_id for official in officials}, months, today)
    for official in officials:
        practices = by_city.get(official.city_id)
        if not practices:
            continue
        if official.pk in reminded_today:
            report.already_sent_today += 1
            continue
        try:
            with transaction.atomic():
                StaleReminder.objects.create(
                    official=official, sent_on=today, practice_count=len(practices)
                )
                _send(official, practices, months, today)
        except IntegrityError:  # another run reminded them a moment ago
            report.already_sent_today += 1
        except MailNotSent:
            logger.warning("Stale-practice reminder to official %s not sent", official.pk)
            report.failed += 1
        else:
            report.sent += 1
    return report


def _stale_by_city(city_ids: set[int], months: int, today: datetime.date) -> dict:
    links = (
        Practice.cities.through.objects.filter(city_id__in=city_ids)
        .filter(practice__in=Practice.objects.published().stale(months=months, today=today))
        .select_related("practice")
        .only(
            "city_id",
            "practice__slug",
            "practice__last_verified",
            *(f"practice__{name}" for name in text_columns(Practice, "title")),
        )
        .order_by("practice__title", "practice_id")
    )
    by_city = defaultdict(list)
    for link in links:
        by_city[link.city_id].append(link.practice)
    return by_city


def _send(official: Official, practices: list[Practice], months: int, today) -> None:
    rows = [
        {
            "practice": practice,
            "public_url": site_link(practice),
            "revise_url": site_link("practices:revise", slug=practice.slug),
        }
        for practice in practices
    ]
    send_templated_mail(
        template="stale_practices",
        to=[official.user.email],
        languages=mail_languages([official.user]),
        context={
            "official": official,
            "city": official.city,
            "rows": rows,
            "months": months,
            "since": stale_before(months, today),
            "my_practices_url": site_link("practices:mine"),
        },
    )
