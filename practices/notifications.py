"""Who hears of a practice's moderation steps, and in which mail.

The workflow in practices/services.py calls these inside the transaction of its step. The
mail is queued there and delivered once the step commits (core.mail.BackgroundEmailBackend):
a step that fails sends nothing. With a backend that sends at once (tests), a mail server
that fails (core.mail.MailNotSent) undoes the step.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from cities.languages import mail_languages
from core.mail import send_templated_mail, site_link
from practices.models import Practice

User = get_user_model()


def display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def practice_links(practice: Practice) -> dict[str, str]:
    """Absolute links to the practice for the public, its submitter and the editors, in the
    language each recipient's mail is written in."""
    return {
        "public_url": site_link(practice),
        "edit_url": site_link("practices:edit", slug=practice.slug),
        "my_practices_url": site_link("practices:mine"),
        "review_url": site_link("admin:practices_practice_review", practice.pk),
    }


def tell_submitter(
    *, practice: Practice, template: str, by: AbstractBaseUser | None = None, **context: Any
) -> int:
    """Mail the practice's submitter (if they have an address) `emails/<template>`."""
    submitter = practice.submitted_by
    if submitter is None or not submitter.email:
        return 0
    return send_templated_mail(
        template=template,
        to=[submitter.email],
        languages=mail_languages([submitter]),
        context={
            "practice": practice,
            "who": display_name(by),
            "submitter": submitter,
            **practice_links(practice),
            **context,
        },
    )


def editors() -> Any:
    """Active users who may change practices, with a mail address."""
    return User.objects.with_perm(
        "practices.change_practice", backend="django.contrib.auth.backends.ModelBackend"
    ).exclude(email="")


def tell_editors(*, practice: Practice, template: str, by: AbstractBaseUser, **context: Any) -> int:
    """Mail every editor but `by` (who knows already) `emails/<template>`."""
    recipients = list(editors().exclude(pk=by.pk))
    return send_templated_mail(
        template=template,
        to=[editor.email for editor in recipients],
        languages=mail_languages(recipients),
        context={
            "practice": practice,
            "who": display_name(by),
            **practice_links(practice),
            **context,
        },
    )


def tell_proposer(
    *, revision: Any, template: str, by: AbstractBaseUser | None = None, **context: Any
) -> int:
    """Mail the person who proposed a change to a published practice `emails/<template>`."""
    proposer = revision.proposed_by
    if proposer is None or not proposer.email:
        return 0
    return send_templated_mail(
        template=template,
        to=[proposer.email],
        languages=mail_languages([proposer]),
        context={
            "practice": revision.practice,
            "revision": revision,
            "who": display_name(by),
            "proposer": proposer,
            **practice_links(revision.practice),
            "revise_url": site_link("practices:revise", slug=revision.practice.slug),
            **context,
        },
    )
