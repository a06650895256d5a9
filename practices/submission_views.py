"""The officials' pages: their practices, a new practice, editing a draft, submitting it.

Every write goes through practices/services.py; these views parse, call and render.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cities.models import Official
from cities.services import propose_organisation
from core.api.exceptions import error_body
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
            with transaction.atomic():
                practice = services.create_practice(
                    by=request.user,
                    outcomes=outcomes.outcomes(),
                    documents=documents.uploads(),
                    creation_key=form.cleaned_data["creation_key"],
                    **_with_proposed_organisations(request.user, form),
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
            with transaction.atomic():
                practice = services.update_practice(
                    practice=practice,
                    by=request.user,
                    outcomes=outcomes.outcomes(),
                    documents=documents.uploads(),
                    removed_documents=form.cleaned_data["remove_documents"],
                    **_with_proposed_organisations(request.user, form),
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


def _with_proposed_organisations(user, form: PracticeForm) -> dict:
    """The practice's fields, with the organisations the official typed in (created as
    proposed, for an editor to confirm) as its lead organisation or one more partner.
    The caller's transaction undoes them if the practice is not saved."""
    fields = form.practice_fields()
    proposals = form.organisation_proposals()
    if proposals["lead"]:
        fields["lead_organisation"] = propose_organisation(by=user, **proposals["lead"])
    if proposals["partner"]:
        partner = propose_organisation(by=user, **proposals["partner"])
        fields["partners"] = [*fields["partners"], partner]
    return fields


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
    _hint_similar(request, practice)
    return redirect("practices:mine")


SIMILAR_LIMIT = 5


def _similar(user, title: str, cities, exclude: str = ""):
    """Practices the user may see whose title resembles `title`, in the same cities."""
    return (
        Practice.objects.visible_to(user)
        .similar_titles(title, cities)
        .exclude(slug=exclude)
        .defer("search_vector")
        .prefetch_related("cities")[:SIMILAR_LIMIT]
    )


def _similar_url(practice: Practice) -> str:
    if practice.is_published:
        return practice.get_absolute_url()
    return reverse("practices:edit", kwargs={"slug": practice.slug})


def _hint_similar(request: HttpRequest, practice: Practice) -> None:
    """A hint, never a block: practices with a similar title that may be the same one."""
    similar = list(
        _similar(request.user, practice.title, practice.cities.all(), exclude=practice.slug)
    )
    if similar:
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((_similar_url(p), p.title) for p in similar)
        )
        messages.info(
            request,
            format_html(
                "{} {}",
                _("Practices with a similar title are already in the exchange:"),
                links,
            ),
        )


@require_GET
def similar_practices(request: HttpRequest) -> JsonResponse:
    """JSON for similar-titles.js: practices like the title being typed, in the ticked cities.

    `?title=…&city=<id>&city=<id>&exclude=<slug>`; for signed-in officials and staff, and
    only among the practices they may see.
    """
    if not request.user.is_authenticated:
        return JsonResponse(error_body(401, "not_authenticated", _("Sign in first.")), status=401)
    if not (request.user.is_staff or Official.objects.filter(user=request.user).exists()):
        return JsonResponse(
            error_body(403, "permission_denied", _("Only city officials may ask.")), status=403
        )
    try:
        cities = [int(value) for value in request.GET.getlist("city") if value]
    except ValueError:
        return JsonResponse(
            error_body(
                400, "invalid", _("Invalid input."), {"city": [_("Give city ids (numbers).")]}
            ),
            status=400,
        )
    title = request.GET.get("title", "")[:200]
    results = [
        {
            "title": practice.title,
            "url": _similar_url(practice),
            "status": practice.status,
            "context": " · ".join(
                [*(city.name for city in practice.cities.all()), practice.get_status_display()]
            ),
        }
        for practice in _similar(
            request.user, title, cities, exclude=request.GET.get("exclude", "")
        )
    ]
    response = JsonResponse({"results": results})
    add_never_cache_headers(response)
    return response


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
