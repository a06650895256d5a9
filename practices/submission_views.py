"""The officials' pages: their city's practices, a new practice, editing, submitting, withdrawing.

Every write goes through practices/services.py; these views parse, call and render.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cities.models import Official
from practices import permissions, services, versions
from practices.forms import NewPracticeForm, OutcomeFormSet, PracticeForm, outcome_initial
from practices.models import Practice, PracticeRevision
from practices.permissions import Action

Status = Practice.Status


def contributor_required(view: Callable) -> Callable:
    """Signed-in people who may submit practices; anyone else gets a page that explains why not.

    The view receives the user's `official` record (None for editors and partners).
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.can(request.user, Action.CREATE):
            return render(request, "practices/my/not_official.html", status=403)
        official = Official.objects.select_related("city").filter(user=request.user).first()
        return view(request, *args, official=official, **kwargs)

    return wrapper


def _practice_for(request: HttpRequest, slug: str, action: Action, queryset=None) -> Practice:
    """The practice if the user may know of it for `action`; 404 otherwise.

    A practice they may see but not act on now (in review, published) is returned: the
    caller explains why with `permissions.refusal`.
    """
    queryset = Practice.objects.defer("search_vector") if queryset is None else queryset
    practice = get_object_or_404(permissions.visible_practices(request.user, queryset), slug=slug)
    refused = permissions.refusal(request.user, action, practice)
    if refused and refused.code == permissions.NOT_FOUND:
        raise Http404(refused.message)
    return practice


@contributor_required
def my_practices(request: HttpRequest, official: Official | None) -> HttpResponse:
    practices = (
        permissions.team_practices(request.user)
        .defer("search_vector")
        .select_related("submitted_by")
        .prefetch_related(
            "cities",
            Prefetch(
                "revisions",
                queryset=PracticeRevision.objects.filter(
                    status__in=PracticeRevision.OPEN_STATUSES
                ).select_related("proposed_by"),
                to_attr="open_revisions",
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "practices/my/practice_list.html",
        {"practices": practices, "official": official},
    )


@contributor_required
def new_practice(request: HttpRequest, official: Official | None) -> HttpResponse:
    data, files = _posted(request)
    initial = {"cities": [official.city]} if official else {}
    form = NewPracticeForm(data, files, initial=initial)
    outcomes = OutcomeFormSet(data, prefix="outcomes")
    if data is not None and form.is_valid() and outcomes.is_valid():
        try:
            practice = services.create_practice(
                by=request.user,
                outcomes=outcomes.outcomes(),
                creation_key=form.cleaned_data["creation_key"],
                **form.practice_fields(),
            )
        except services.DuplicateSubmission as duplicate:
            messages.info(request, str(duplicate))
            return redirect("practices:mine")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, practice)
    return render(
        request,
        "practices/my/practice_form.html",
        {"form": form, "outcomes": outcomes, "official": official, "practice": None},
    )


@login_required
def edit_practice(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(
        request,
        slug,
        Action.EDIT,
        Practice.objects.defer("search_vector").prefetch_related("outcomes", "cities"),
    )
    refused = permissions.refusal(request.user, Action.EDIT, practice)
    if refused:
        messages.warning(request, refused.message)
        return redirect("practices:mine")
    # Read before the form is bound: validating it puts a newly chosen file on the instance.
    current_image = (
        {"url": practice.image.url, "alt": practice.image_alt} if practice.image else None
    )
    data, files = _posted(request)
    form = PracticeForm(data, files, instance=practice)
    outcomes = OutcomeFormSet(data, prefix="outcomes", initial=outcome_initial(practice))
    if data is not None and form.is_valid() and outcomes.is_valid():
        try:
            practice = services.update_practice(
                practice=practice,
                by=request.user,
                outcomes=outcomes.outcomes(),
                **form.practice_fields(),
            )
        except services.Refused as error:
            messages.warning(request, error.message)
            return redirect("practices:mine")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, practice)
    return render(
        request,
        "practices/my/practice_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "official": getattr(request.user, "official", None),
            "practice": practice,
            "current_image": current_image,
        },
    )


@login_required
@require_POST
def submit_practice(request: HttpRequest, slug: str) -> HttpResponse:
    _submit(request, _practice_for(request, slug, Action.SUBMIT))
    return redirect("practices:mine")


@login_required
@require_POST
def withdraw_practice(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug, Action.WITHDRAW)
    try:
        services.withdraw_practice(practice=practice, by=request.user)
    except services.Refused as error:
        messages.warning(request, error.message)
    except services.MailNotSent:
        messages.error(
            request,
            _(
                "“%(title)s” is still waiting for review: the editors could not be told by "
                "mail. Please withdraw it again in a few minutes."
            )
            % {"title": practice.title},
        )
    else:
        messages.success(
            request,
            _(
                "“%(title)s” is withdrawn from review and is a draft again. Change it, then "
                "submit it again."
            )
            % {"title": practice.title},
        )
    return redirect("practices:mine")


@login_required
def revise_practice(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose changes to a published practice: the same form, prefilled; editors decide."""
    practice = _practice_for(request, slug, Action.PROPOSE_REVISION, Practice.objects.for_detail())
    refused = permissions.refusal(request.user, Action.PROPOSE_REVISION, practice)
    revision = _open_revision(practice)
    if refused is None and revision is not None:
        refused = permissions.revision_refusal(request.user, Action.EDIT, revision)
    if refused:
        messages.warning(request, refused.message)
        return redirect("practices:mine")
    # The form works on a copy: validating a ModelForm writes to its instance.
    shown = versions.applied(practice, revision.changes if revision else {})
    current_image = {"url": shown.image.url, "alt": shown.image_alt} if shown.image else None
    data, files = _posted(request)
    form = PracticeForm(data, files, instance=shown)
    outcomes = OutcomeFormSet(data, prefix="outcomes", initial=outcome_initial(shown))
    if data is not None and form.is_valid() and outcomes.is_valid():
        try:
            services.propose_revision(
                practice=practice,
                by=request.user,
                outcomes=outcomes.outcomes(),
                **form.practice_fields(),
            )
        except services.Refused as error:
            messages.warning(request, error.message)
            return redirect("practices:mine")
        except ValidationError as error:
            add_service_errors(form, error)
        except services.MailNotSent:
            form.add_error(
                None,
                _(
                    "The change is not proposed yet: the editors could not be told by mail. "
                    "Please send it again in a few minutes."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "Your change to “%(title)s” is waiting for an editor's review. Until it is "
                    "approved, the public page shows the published text."
                )
                % {"title": practice.title},
            )
            return redirect("practices:mine")
    return render(
        request,
        "practices/my/practice_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "practice": practice,
            "revision": revision,
            "revising": True,
            "current_image": current_image,
        },
    )


def _open_revision(practice: Practice) -> PracticeRevision | None:
    return (
        practice.revisions.filter(status__in=PracticeRevision.OPEN_STATUSES)
        .select_related("proposed_by")
        .first()
    )


@login_required
@never_cache
def preview_practice(request: HttpRequest, slug: str) -> HttpResponse:
    """The practice exactly as its public page will show it, for its team and editors only.

    A published practice with a change proposed shows the change in place.
    """
    practice = _practice_for(request, slug, Action.PREVIEW, Practice.objects.for_detail())
    revision = _open_revision(practice) if practice.is_published else None
    response = render(
        request,
        "practices/practice_preview.html",
        {
            "practice": versions.applied(practice, revision.changes) if revision else practice,
            "revision": revision,
            "publications": list(practice.publications.published().defer("search_vector")),
            "may": permissions.allowed_actions(request.user, practice),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError beside the form's fields where it names one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def _posted(request: HttpRequest):
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _saved(request: HttpRequest, practice: Practice) -> HttpResponse:
    if request.POST.get("action") == "submit":
        _submit(request, practice)
    else:
        messages.success(
            request,
            _("“%(title)s” is saved as a draft. Submit it for review when it is ready.")
            % {"title": practice.title},
        )
    return redirect("practices:mine")


def _submit(request: HttpRequest, practice: Practice) -> None:
    try:
        services.submit_practice(practice=practice, by=request.user)
    except services.Refused as error:
        messages.warning(request, error.message)
    except services.MailNotSent:
        messages.error(
            request,
            _(
                "“%(title)s” is not submitted yet: the editors could not be told by mail. "
                "It is saved as a draft; please submit it again in a few minutes."
            )
            % {"title": practice.title},
        )
    else:
        messages.success(
            request,
            _("“%(title)s” is submitted. An editor will review it before it is published.")
            % {"title": practice.title},
        )
