"""What needs an editor's attention, for the admin's front page: each a count and a link to
the admin list that shows those records."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import AccessRequest, Organisation
from practices.models import Practice, PracticeRevision, stale_before

Status = Practice.Status


@dataclass(frozen=True)
class AttentionItem:
    label: str
    count: int
    url: str
    note: str = ""


def _changelist(name: str, **filters) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _age(since: datetime.datetime | None, now: datetime.datetime) -> str:
    if since is None:
        return ""
    days = (now - since).days
    return ngettext(
        "the oldest has waited %(days)d day", "the oldest has waited %(days)d days", days
    ) % {"days": days}


def editor_dashboard(
    *, months: int | None = None, now: datetime.datetime | None = None
) -> dict[str, list[AttentionItem]]:
    """The admin index's "needs attention" and "practices by status" counts: five queries
    whatever the size of the catalogue."""
    months = settings.STALE_AFTER_MONTHS if months is None else months
    now = now or timezone.now()
    stale_day = stale_before(months, timezone.localdate(now))
    published = Q(status=Status.PUBLISHED)
    practices = Practice.objects.aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        oldest_submitted=Min("submitted_at", filter=Q(status=Status.SUBMITTED)),
        never_checked=Count("pk", filter=published & Q(last_verified__isnull=True)),
        stale=Count("pk", filter=published & Q(last_verified__lt=stale_day)),
    )
    revisions = PracticeRevision.objects.filter(
        status=PracticeRevision.Status.PENDING, practice__status=Status.PUBLISHED
    ).aggregate(waiting=Count("pk"), oldest=Min("updated_at"))
    by_status = dict(Practice.objects.order_by().values_list("status").annotate(count=Count("pk")))
    proposed = Organisation.objects.filter(status=Organisation.Status.PROPOSED).count()
    requests = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).count()

    oldest = [at for at in (practices["oldest_submitted"], revisions["oldest"]) if at]
    attention = [
        AttentionItem(
            _("Review queue (submissions and proposed changes)"),
            practices["submitted"] + revisions["waiting"],
            _changelist("practices_reviewqueue"),
            _age(min(oldest), now) if oldest else "",
        ),
        AttentionItem(
            _("Proposed changes to published practices waiting"),
            revisions["waiting"],
            _changelist("practices_practicerevision", status__exact="pending"),
            _age(revisions["oldest"], now),
        ),
        AttentionItem(
            _("Published practices never checked"),
            practices["never_checked"],
            _changelist(
                "practices_practice", status__exact="published", last_verified__isnull="True"
            ),
        ),
        AttentionItem(
            ngettext(
                "Published practices not checked for %(months)d month",
                "Published practices not checked for %(months)d months",
                months,
            )
            % {"months": months},
            practices["stale"],
            _changelist(
                "practices_practice",
                status__exact="published",
                last_verified__lt=stale_day.isoformat(),
            ),
        ),
        AttentionItem(
            _("Proposed organisations to confirm"),
            proposed,
            _changelist("cities_organisation", status__exact=Organisation.Status.PROPOSED),
        ),
        AttentionItem(
            _("Access requests waiting"),
            requests,
            _changelist("cities_accessrequest", status__exact=AccessRequest.Status.PENDING),
        ),
    ]
    statuses = [
        AttentionItem(
            str(label),
            by_status.get(value, 0),
            _changelist("practices_practice", status__exact=value),
        )
        for value, label in Status.choices
    ]
    return {"attention": attention, "statuses": statuses}
