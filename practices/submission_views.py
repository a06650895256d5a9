"""The officials' pages: their city's practices, a new practice, editing, submitting, withdrawing.

Every write goes through practices/services.py; these views parse, call and render.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cities.models import Official
from cities.services import propose_organisation
from core.api.exceptions import error_body
from practices import permissions, services, versions
from practices.forms import (
    NewPracticeForm,
    OutcomeFormSet,
    PracticeForm,
    document_formset,
    documents_valid,
    outcome_initial,
)
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
            add_service_errors(form, error)
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
            "documents": documents,
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
        permissions.visible_practices(user)
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
