"""Who may do what with a practice: the one place that decides.

Views, the admin, the API, templates and practices/services.py all ask `refusal()` (or
`can()`), so an answer never differs between the site, the admin and the API.

The people:
- an **editor** has the `practices.change_practice` permission (the Editors group);
  a **superuser** is an editor who may also delete;
- an **official** belongs to a city (`cities.Official`); all officials of a city form its
  *team* and share its practices, whoever started them;
- a **partner** is any other active account holding an API token;
- the submitter of a practice stays in its team even without a city.

A refusal carries a `code` that callers turn into a response: `not_found` (the user may
not know the practice exists: 404), `forbidden` (403) or `conflict` (the practice's
state forbids it now: 409, or a message on the page).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from practices.models import Practice, PracticeRevision

Status = Practice.Status


class Action(StrEnum):
    VIEW_DRAFT = "view_draft"
    CREATE = "create"
    EDIT = "edit"
    PREVIEW = "preview"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    PROPOSE_REVISION = "propose_revision"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    REJECT = "reject"
    ARCHIVE = "archive"
    VERIFY = "verify"
    DELETE = "delete"


NOT_FOUND, FORBIDDEN, CONFLICT = "not_found", "forbidden", "conflict"


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


class Refused(Exception):
    """A step the permissions refuse; `code` is not_found, forbidden or conflict."""

    code = CONFLICT

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidTransition(Refused):
    """The practice's moderation status does not allow the step."""

    def __init__(self, current: str, target: str, message: str = ""):
        self.current, self.target = current, target
        super().__init__(
            message
            or _("A practice with the status “%(current)s” cannot get the status “%(target)s”.")
            % {"current": _status(current), "target": _status(target)}
        )


class PracticeNotEditable(Refused):
    """The practice is in review or has been reviewed, so its team cannot change it now."""

    def __init__(self, practice: Practice):
        self.current = practice.status
        super().__init__(not_editable_message(practice))


def _status(status: str) -> str:
    return str(Status(status).label)


# --- who someone is ---------------------------------------------------------------------


def is_editor(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("practices.change_practice")
    )


def official_city_id(user) -> int | None:
    """The city a user is an official of (Django caches the lookup on the user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.official.city_id
    except ObjectDoesNotExist:
        return None


def is_partner(user) -> bool:
    """An active account with an API token that is neither an editor nor an official."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return _has_api_token(user) and not is_editor(user) and official_city_id(user) is None


def _has_api_token(user) -> bool:
    """Whether the user holds a token (django-rest-knox's), asked once per user object."""
    if not hasattr(user, "_has_api_token"):
        user._has_api_token = user.auth_token_set.exists()
    return user._has_api_token


def in_team(user, practice: Practice) -> bool:
    """The practice's submitter, or an official of one of its cities."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if practice.submitted_by_id == user.pk:
        return True
    city_id = official_city_id(user)
    return (
        city_id is not None
        and practice.pk is not None
        and any(city.pk == city_id for city in practice.cities.all())
    )


# --- which practices someone sees ----------------------------------------------------------


def team_q(user) -> Q:
    """The practices whose team the user is in, as a filter (no join, so no duplicates)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    team = Q(submitted_by=user)
    city_id = official_city_id(user)
    if city_id is not None:
        of_city = Practice.cities.through.objects.filter(city_id=city_id)
        team |= Q(pk__in=of_city.values("practice_id"))
    return team


def team_practices(user, queryset: QuerySet | None = None) -> QuerySet:
    """The practices the user works on with their city team, in any status."""
    queryset = Practice.objects.all() if queryset is None else queryset
    return queryset.filter(team_q(user))


def visible_practices(user, queryset: QuerySet | None = None) -> QuerySet:
    """Published practices, the user's team's practices, and everything for editors."""
    queryset = Practice.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    return queryset.filter(Q(status=Status.PUBLISHED) | team_q(user))


# --- the decision ------------------------------------------------------------------------

#: Actions only editors take, and the statuses they take them from.
EDITOR_STEPS = {
    Action.APPROVE: (
        frozenset({Status.SUBMITTED, Status.DRAFT, Status.ARCHIVED}),
        Status.PUBLISHED,
    ),
    Action.SEND_BACK: (frozenset({Status.SUBMITTED}), Status.DRAFT),
    Action.REJECT: (frozenset({Status.SUBMITTED}), Status.REJECTED),
    Action.ARCHIVE: (frozenset({Status.PUBLISHED, Status.REJECTED}), Status.ARCHIVED),
}

#: The status each workflow step leads to.
STEP_TARGETS = {
    Action.SUBMIT: Status.SUBMITTED,
    Action.WITHDRAW: Status.DRAFT,
    **{action: target for action, (_sources, target) in EDITOR_STEPS.items()},
}


def refusal(user, action: Action | str, practice: Practice | None = None) -> Refusal | None:
    """Why `user` may not take `action` on `practice` now, or None when they may."""
    action = Action(action)
    if action == Action.CREATE:
        return _refuse_create(user)
    if practice is None:
        raise ValueError(f"{action} needs a practice")
    if action == Action.DELETE:
        if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
            return None
        return Refusal(FORBIDDEN, _("Only administrators delete practices; editors archive them."))
    if not (practice.status == Status.PUBLISHED or in_team(user, practice) or is_editor(user)):
        return Refusal(NOT_FOUND, _("No such practice."))
    if action in EDITOR_STEPS:
        return _refuse_editor_step(user, action, practice)
    if action == Action.VERIFY:
        return _refuse_verify(user, practice)
    return {
        Action.VIEW_DRAFT: _refuse_view,
        Action.PREVIEW: _refuse_preview,
        Action.EDIT: _refuse_edit,
        Action.SUBMIT: _refuse_submit,
        Action.WITHDRAW: _refuse_withdraw,
        Action.PROPOSE_REVISION: _refuse_revision,
    }[action](user, practice)


def can(user, action: Action | str, practice: Practice | None = None) -> bool:
    return refusal(user, action, practice) is None


def require(user, action: Action | str, practice: Practice | None = None) -> None:
    """Raise Refused (or its InvalidTransition/PracticeNotEditable kinds) unless allowed."""
    refused = refusal(user, action, practice)
    if refused is None:
        return
    if refused.code == CONFLICT and action in STEP_TARGETS:
        raise InvalidTransition(practice.status, STEP_TARGETS[Action(action)], refused.message)
    if refused.code == CONFLICT and action == Action.EDIT:
        raise PracticeNotEditable(practice)
    raise Refused(refused.message, refused.code)


def allowed_actions(user, practice: Practice) -> frozenset[str]:
    """Every action the user may take on the practice now, for templates."""
    return frozenset(
        action
        for action in Action
        if action != Action.CREATE and refusal(user, action, practice) is None
    )


def _refuse_create(user) -> Refusal | None:
    if is_editor(user) or official_city_id(user) is not None or is_partner(user):
        return None
    return Refusal(
        FORBIDDEN,
        _("Only city officials and partner organisations with an API token submit practices."),
    )


def _refuse_view(user, practice: Practice) -> Refusal | None:
    return None  # whoever got past the visibility check sees it


def _refuse_preview(user, practice: Practice) -> Refusal | None:
    if is_editor(user) or in_team(user, practice):
        return None
    return Refusal(NOT_FOUND, _("No such practice."))


def _refuse_edit(user, practice: Practice) -> Refusal | None:
    if is_editor(user):
        return None  # editors curate every practice in the admin; their edits go live
    if not in_team(user, practice):
        return Refusal(NOT_FOUND, _("No such practice."))
    if practice.status != Status.DRAFT:
        return Refusal(CONFLICT, not_editable_message(practice))
    return None


def _refuse_submit(user, practice: Practice) -> Refusal | None:
    if practice.status == Status.SUBMITTED:
        return Refusal(
            CONFLICT,
            _("“%(title)s” is waiting for an editor's review: it is submitted already.")
            % {"title": practice.title},
        )
    if practice.status != Status.DRAFT:
        return Refusal(CONFLICT, str(InvalidTransition(practice.status, Status.SUBMITTED)))
    if in_team(user, practice):
        return None
    if is_editor(user):
        return Refusal(FORBIDDEN, _("Only the practice's city team submits its draft."))
    return Refusal(NOT_FOUND, _("No such practice."))


def _refuse_withdraw(user, practice: Practice) -> Refusal | None:
    if practice.status != Status.SUBMITTED:
        return Refusal(
            CONFLICT,
            _(
                "Only a practice waiting for review can be withdrawn; “%(title)s” has the "
                "status “%(status)s”."
            )
            % {"title": practice.title, "status": _status(practice.status)},
        )
    if in_team(user, practice):
        return None
    if is_editor(user):
        return Refusal(FORBIDDEN, _("Editors send a submission back instead of withdrawing it."))
    return Refusal(NOT_FOUND, _("No such practice."))


def _refuse_revision(user, practice: Practice) -> Refusal | None:
    if practice.status != Status.PUBLISHED:
        return Refusal(
            CONFLICT,
            _(
                "Changes are proposed to published practices; “%(title)s” has the status "
                "“%(status)s”."
            )
            % {"title": practice.title, "status": _status(practice.status)},
        )
    if is_editor(user):
        return Refusal(FORBIDDEN, _("Editors change published practices directly, in the admin."))
    if in_team(user, practice):
        return None
    return Refusal(
        FORBIDDEN,
        _(
            "Only officials of the practice's city, or the partner who submitted it, "
            "may propose changes to it."
        ),
    )


def _refuse_editor_step(user, action: Action, practice: Practice) -> Refusal | None:
    allowed_from, target = EDITOR_STEPS[action]
    if not is_editor(user):
        return Refusal(FORBIDDEN, _("Only editors review practices."))
    if practice.status not in allowed_from:
        return Refusal(CONFLICT, str(InvalidTransition(practice.status, target)))
    if action == Action.APPROVE and practice.status == Status.DRAFT:
        return _refuse_publishing_draft(user, practice)
    return None


def _refuse_verify(user, practice: Practice) -> Refusal | None:
    """Editors confirm that a published practice is still accurate; officials propose a
    revision instead."""
    if not is_editor(user):
        return Refusal(FORBIDDEN, _("Only editors confirm that a practice is still accurate."))
    if practice.status != Status.PUBLISHED:
        return Refusal(
            CONFLICT,
            _("Only a published practice is checked; this one has the status “%(status)s”.")
            % {"status": _status(practice.status)},
        )
    return None


def _refuse_publishing_draft(user, practice: Practice) -> Refusal | None:
    """Editors publish a draft directly only if they started it and nobody sent it back."""
    if practice.reviewed_by_id is not None:
        return Refusal(
            CONFLICT,
            _(
                "“%(title)s” was sent back for changes; it can be published once its "
                "team submits it again."
            )
            % {"title": practice.title},
        )
    if practice.submitted_by_id != user.pk:
        return Refusal(
            CONFLICT,
            _(
                "“%(title)s” is a draft its team has not submitted; editors publish only "
                "submitted practices, or drafts they started themselves."
            )
            % {"title": practice.title},
        )
    return None


def not_editable_message(practice: Practice) -> str:
    title = {"title": practice.title}
    if practice.status == Status.SUBMITTED:
        return (
            _(
                "“%(title)s” is waiting for an editor's review, so it cannot be changed now. "
                "Withdraw it from review to change it, then submit it again."
            )
            % title
        )
    if practice.status == Status.PUBLISHED:
        return (
            _(
                "“%(title)s” is published and can no longer be changed directly: propose a "
                "change, and an editor will review it."
            )
            % title
        )
    return _("“%(title)s” has the status “%(status)s” and can no longer be changed.") % {
        **title,
        "status": _status(practice.status),
    }


# --- proposed changes to published practices ------------------------------------------------

REVIEW_ACTIONS = (Action.APPROVE, Action.SEND_BACK, Action.REJECT)


def revision_refusal(user, action: Action | str, revision: PracticeRevision) -> Refusal | None:
    """Editors decide a pending change (and may close one sent back); its proposer edits it."""
    action = Action(action)
    Open = PracticeRevision.Status
    if action in REVIEW_ACTIONS:
        if not is_editor(user):
            return Refusal(FORBIDDEN, _("Only editors review proposed changes."))
        allowed = {Open.PENDING, Open.SENT_BACK} if action == Action.REJECT else {Open.PENDING}
        if revision.status not in allowed:
            return Refusal(
                CONFLICT,
                _(
                    "This proposed change has the status “%(status)s”, so there is no decision "
                    "to take."
                )
                % {"status": revision.get_status_display()},
            )
        return None
    if action == Action.EDIT:
        if not revision.is_open:
            return Refusal(CONFLICT, _("This proposed change has been decided."))
        if revision.proposed_by_id != getattr(user, "pk", None):
            return Refusal(
                CONFLICT,
                _(
                    "A change to “%(title)s” proposed by %(who)s on %(when)s has the status "
                    "“%(status)s”; "
                    "you can propose yours once the editors have decided on it."
                )
                % {
                    "title": revision.practice.title,
                    "who": _name(revision.proposed_by),
                    "when": formats.date_format(revision.created_at, "DATE_FORMAT"),
                    "status": revision.get_status_display(),
                },
            )
        return None
    raise ValueError(f"{action} does not apply to proposed changes")


def require_revision(user, action: Action | str, revision: PracticeRevision) -> None:
    refused = revision_refusal(user, action, revision)
    if refused:
        raise Refused(refused.message, refused.code)


def _name(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.email or user.get_username()
