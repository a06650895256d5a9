"""The officials' pages: their practices, a new practice, editing a draft, submitting it.

Every write goes through practices/services.py; these views parse, call and render.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cities.models import Official
from core.mail import MailNotSent
from practices import services
from practices.forms import (
    NewPracticeForm,
    OutcomeFormSet,
    PracticeForm,
    document_formset,
    documents_valid,
    outcome_initial,
)
from practices.models import Practice

Status = Practice.Status


def submitter_required(view: Callable) -> Callable:
    """Signed-in city officials (and staff); anyone else gets a page that explains why not.

    The view receives the user's `official` record (None for staff who are not officials).
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        official = Official.objects.select_related("city").filter(user=request.user).first()
        if official is None and not request.user.is_staff:
            return render(request, "practices/my/not_official.html", status=403)
        return view(request, *args, official=official, **kwargs)

    return wrapper


def _own_practices(request: HttpRequest):
    return Practice.objects.filter(submitted_by=request.user)


@submitter_required
def my_practices(request: HttpRequest, official: Official | None) -> HttpResponse:
    practices = (
        _own_practices(request)
        .defer("search_vector")
        .prefetch_related("cities")
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "practices/my/practice_list.html",
        {"practices": practices, "official": official},
    )


@submitter_required
def new_practice(request: HttpRequest, official: Official | None) -> HttpResponse:
    data, files = _posted(request)
    initial = {"cities": [official.city]} if official else {}
    form = NewPracticeForm(data, files, initial=initial)
    outcomes = OutcomeFormSet(data, prefix="outcomes")
    documents = document_formset(data, files)
    if data is not None and _all_valid(form, outcomes, documents):
        try:
            practice = services.create_practice(
                by=request.user,
                outcomes=outcomes.outcomes(),
                documents=documents.uploads(),
                creation_key=form.cleaned_data["creation_key"],
                **form.practice_fields(),
            )
        except services.DuplicateSubmission as duplicate:
            messages.info(request, str(duplicate))
            return redirect("practices:mine")
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _saved(request, practice)
    return render(
        request,
        "practices/my/practice_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "documents": documents,
            "official": official,
            "practice": None,
        },
    )


@submitter_required
def edit_practice(request: HttpRequest, slug: str, official: Official | None) -> HttpResponse:
    practice = get_object_or_404(
        _own_practices(request).defer("search_vector").prefetch_related("outcomes"), slug=slug
    )
    if not practice.is_editable_by_submitter:
        messages.warning(request, _not_editable_message(practice))
        return redirect("practices:mine")
    # Read before the form is bound: validating it puts a newly chosen file on the instance.
    current_image = (
        {"url": practice.image.url, "alt": practice.image_alt} if practice.image else None
    )
    data, files = _posted(request)
    form = PracticeForm(data, files, instance=practice)
    outcomes = OutcomeFormSet(data, prefix="outcomes", initial=outcome_initial(practice))
    documents = document_formset(data, files)
    if data is not None and _all_valid(form, outcomes, documents):
        try:
            practice = services.update_practice(
                practice=practice,
                by=request.user,
                outcomes=outcomes.outcomes(),
                documents=documents.uploads(),
                removed_documents=form.cleaned_data["remove_documents"],
                **form.practice_fields(),
            )
        except services.PracticeNotEditable as error:
            messages.warning(request, str(error))
            return redirect("practices:mine")
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _saved(request, practice)
    return render(
        request,
        "practices/my/practice_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "documents": documents,
            "official": official,
            "practice": practice,
            "current_image": current_image,
        },
    )


@submitter_required
@require_POST
def submit_practice(request: HttpRequest, slug: str, official: Official | None) -> HttpResponse:
    practice = get_object_or_404(_own_practices(request).defer("search_vector"), slug=slug)
    _submit(request, practice)
    return redirect("practices:mine")


def _all_valid(form, outcomes, documents) -> bool:
    # Validate all three, so every error shows at once.
    return all([form.is_valid(), outcomes.is_valid(), documents_valid(documents)])


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
    except services.InvalidTransition:
        messages.warning(request, _not_editable_message(practice))
    except MailNotSent:
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


def _not_editable_message(practice: Practice) -> str:
    title = {"title": practice.title}
    if practice.status == Status.SUBMITTED:
        return (
            _(
                "“%(title)s” is waiting for an editor's review, so it cannot be changed now. "
                "If the editor sends it back to you, you can edit it again."
            )
            % title
        )
    if practice.status == Status.PUBLISHED:
        return (
            _(
                "“%(title)s” is published and can no longer be changed here. "
                "Write to the editors if something needs correcting."
            )
            % title
        )
    return _("“%(title)s” is %(status)s and can no longer be changed.") % {
        **title,
        "status": practice.get_status_display().lower(),
    }
