from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, When
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from cities.admin import RegionListFilter
from core.history import HistoryAdmin, child_changes
from practices import permissions, services, versions
from practices.models import (
    MAX_OUTCOMES_PER_PRACTICE,
    Commitment,
    Framework,
    Outcome,
    Practice,
    PracticeDocument,
    PracticeEvent,
    PracticeRevision,
    ReviewQueue,
    TargetGroup,
    Theme,
)
from practices.permissions import Action


@admin.register(Theme, TargetGroup)
class TaxonomyAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# Stacked: a row of five languages' titles and descriptions would not fit a table.
class CommitmentInline(TranslationStackedInline):
    model = Commitment
    extra = 0
    prepopulated_fields = {"slug": ["number"]}
    fields = ["number", "title", "slug", "description"]


@admin.register(Framework)
class FrameworkAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "adopted_year", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["owner"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(TranslationAdmin):
    list_display = ["__str__", "framework", "number"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["title", "slug", "framework__name", "framework__short_name"]
    autocomplete_fields = ["framework"]


class OutcomeInline(TranslationStackedInline):
    model = Outcome
    extra = 1
    max_num = MAX_OUTCOMES_PER_PRACTICE
    fields = ["position", "label", "qualifier", "value", "unit", "year", "source"]

    def get_formset(self, request, obj=None, **kwargs):
        # max_num alone only hides the add button; validate_max refuses a forged 51st row.
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class PracticeDocumentInline(admin.TabularInline):
    """The practice's PDF reports, as its officials attached them, with a download link."""

    model = PracticeDocument
    extra = 0
    can_delete = False
    fields = ["title", "download", "size", "uploaded_by", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("reports (PDF)")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, document: PracticeDocument) -> str:
        return format_html(
            '<a href="{}">{}</a>', document.get_absolute_url(), document.download_name
        )


class PracticeEventInline(admin.TabularInline):
    model = PracticeEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = _("moderation history")

    def has_add_permission(self, request, obj=None):
        return False


class PracticeRegionFilter(RegionListFilter):
    country_field = "cities__country"


class PracticeCountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        from cities.models import City

        seen = {city.country.code: city.country.name for city in City.objects.all()}
        return sorted(seen.items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            matches = Practice.objects.filter(cities__country=self.value()).values("pk")
            return queryset.filter(pk__in=matches)
        return queryset


class ReviewForm(forms.Form):
    """The decisions permissions allow the editor on this practice now, and a note."""

    DECISIONS = [
        (Action.APPROVE, _("Publish")),
        (Action.SEND_BACK, _("Send back to the submitter for changes")),
        (Action.REJECT, _("Reject")),
    ]
    REVISION_DECISIONS = [
        (Action.APPROVE, _("Approve the change: the public page shows it at once")),
        (Action.SEND_BACK, _("Send the change back to its proposer")),
        (Action.REJECT, _("Reject the change: the published text stays")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    # The version of the practice the editor has in front of them (practices.versions).
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when sending back or rejecting."),
    )

    def __init__(self, *args, allowed: frozenset[str], revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        decisions = self.REVISION_DECISIONS if revision else self.DECISIONS
        self.fields["decision"].choices = [
            (value, label) for value, label in decisions if value in allowed
        ]
        if revision:
            self.fields["note"].label = _("Note to the proposer")

    @property
    def has_decisions(self) -> bool:
        return bool(self.fields["decision"].choices)


MAIL_NOT_SENT = _(
    "The mail to the submitter could not be sent, so nothing was changed. Try again later."
)

REVIEW_STEPS = {
    Action.APPROVE: services.approve_practice,
    Action.SEND_BACK: services.send_back_practice,
    Action.REJECT: services.reject_practice,
}
REVISION_STEPS = {
    Action.APPROVE: services.approve_revision,
    Action.SEND_BACK: services.send_back_revision,
    Action.REJECT: services.reject_revision,
}


@admin.register(Practice)
class PracticeAdmin(HistoryAdmin, TranslationAdmin):
    list_display = [
        "title",
        "status",
        "city_names",
        "instrument",
        "start_year",
        "lead_organisation",
        "published_at",
        "last_verified",
    ]
    list_filter = [
        "status",
        "last_verified",
        "themes",
        "cities",
        PracticeCountryFilter,
        PracticeRegionFilter,
        "instrument",
        "scope",
        "start_year",
        "target_groups",
    ]
    list_select_related = ["lead_organisation"]
    search_fields = ["title", "slug", "summary", "cities__name", "lead_organisation__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "cities",
        "lead_organisation",
        "partners",
        "themes",
        "target_groups",
        "commitments",
        "adapted_from",
    ]
    readonly_fields = [
        "status",
        "last_verified",
        "image_preview",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "review_note",
        "published_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["original_language", "title", "slug", "summary", "status"]}),
        (_("Description"), {"fields": ["context", "approach", "results", "lessons"]}),
        (
            _("Where and who"),
            {
                "fields": [
                    "cities",
                    "scope",
                    "lead_organisation",
                    "partners",
                    "themes",
                    "target_groups",
                    "commitments",
                    "adapted_from",
                ]
            },
        ),
        (
            _("Instrument, time and money"),
            {
                "fields": [
                    "instrument",
                    ("start_year", "end_year", "status_as_of"),
                    ("funding_amount", "funding_currency", "funding_period"),
                    "funding_note",
                    "website",
                ]
            },
        ),
        (_("Image"), {"fields": ["image", "image_alt", "image_preview"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    ("submitted_by", "submitted_at"),
                    ("reviewed_by", "review_note"),
                    ("published_at", "created_at", "updated_at"),
                    "last_verified",
                ]
            },
        ),
    ]
    inlines = [OutcomeInline, PracticeDocumentInline, PracticeEventInline]
    actions = ["publish_selected", "archive_selected", "verify_selected"]

    #: Bulk actions by the status the list is filtered to, so none is offered that would be
    #: refused: publishing is for submissions (and archived practices), archiving for
    #: published or rejected ones.
    ACTIONS_BY_STATUS = {
        Practice.Status.SUBMITTED: {"publish_selected"},
        Practice.Status.ARCHIVED: {"publish_selected"},
        Practice.Status.PUBLISHED: {"archive_selected", "verify_selected"},
        Practice.Status.REJECTED: {"archive_selected"},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector").prefetch_related("cities")

    def get_actions(self, request):
        actions = super().get_actions(request)
        offered = self.ACTIONS_BY_STATUS.get(request.GET.get("status__exact"), set())
        return {name: action for name, action in actions.items() if name in offered}

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_editor(request.user) and request.user.is_superuser
        return permissions.can(request.user, Action.DELETE, obj)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("cities"))
    def city_names(self, practice: Practice) -> str:
        return ", ".join(city.name for city in practice.cities.all()) or "—"

    @admin.display(description=_("preview"))
    def image_preview(self, practice: Practice) -> str:
        if not practice.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:320px;max-height:200px">',
            practice.image.url,
            practice.image_alt,
        )

    def _apply(self, request, queryset, step, done_message):
        moved, refused = 0, []
        for practice in queryset:
            try:
                step(practice=practice, by=request.user)
                moved += 1
            except services.Refused as error:
                refused.append(f"{practice}: {error}")
            except services.MailNotSent:
                refused.append(f"{practice}: {MAIL_NOT_SENT}")
        if moved:
            self.message_user(request, done_message % {"count": moved}, messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description=_("Publish selected practices"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.approve_practice,
            ngettext_lazy(
                "Published %(count)d practice.", "Published %(count)d practices.", "count"
            ),
        )

    @admin.action(description=_("Archive selected practices"), permissions=["change"])
    def archive_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.archive_practice,
            ngettext_lazy("Archived %(count)d practice.", "Archived %(count)d practices.", "count"),
        )

    @admin.action(description=_("Mark as verified today"), permissions=["change"])
    def verify_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.verify_practice,
            ngettext_lazy(
                "Marked %(count)d practice as checked today.",
                "Marked %(count)d practices as checked today.",
                "count",
            ),
        )

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        verify = self.admin_site.admin_view(self.verify_view)
        return [
            path("<int:pk>/review/", review, name="practices_practice_review"),
            path("<int:pk>/verify/", verify, name="practices_practice_verify"),
            *super().get_urls(),
        ]

    def review_view(self, request, pk: int):
        """A submission, or the pending change to a published practice, in full, to decide on."""
        if not permissions.is_editor(request.user):
            raise PermissionDenied
        subject = ReviewSubject.load(pk, request.user)
        form = ReviewForm(
            request.POST or None,
            allowed=subject.allowed,
            revision=subject.revision is not None,
            initial={"version": subject.version},
        )
        changed = ""
        if request.method == "POST" and form.is_valid():
            try:
                subject.decide(
                    form.cleaned_data["decision"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                    version=form.cleaned_data["version"] or None,
                )
            except services.NoteRequired as error:
                form.add_error("note", str(error))
            except services.PracticeChanged as error:
                changed = str(error)
                subject = ReviewSubject.load(pk, request.user)
                form = ReviewForm(
                    allowed=subject.allowed,
                    revision=subject.revision is not None,
                    initial={**form.cleaned_data, "version": subject.version},
                )
            except services.Refused as error:
                form.add_error(None, str(error))
            except services.MailNotSent:
                form.add_error(None, MAIL_NOT_SENT)
            else:
                self.message_user(request, subject.done_message(), messages.SUCCESS)
                return redirect(reverse("admin:practices_reviewqueue_changelist"))
        practice = subject.practice
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review: %(title)s") % {"title": practice.title},
            "practice": practice,
            "shown": subject.shown,
            "revision": subject.revision,
            "differences": subject.differences(),
            "publications": list(practice.publications.published().defer("search_vector")),
            "form": form,
            "changed": changed,
            "why_no_decision": "" if form.has_decisions else subject.why_no_decision(),
            "can_verify": permissions.can(request.user, Action.VERIFY, practice),
        }
        return TemplateResponse(request, "admin/practices/review.html", context)

    def verify_view(self, request, pk: int):
        """The review page's "still accurate" button: confirm the practice today (POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        practice = get_object_or_404(Practice, pk=pk)
        try:
            services.verify_practice(practice=practice, by=request.user)
        except services.Refused as error:
            if error.code != permissions.CONFLICT:
                raise PermissionDenied from error
            self.message_user(request, str(error), messages.WARNING)
        else:
            self.message_user(
                request,
                _("“%(title)s” is marked as checked today.") % {"title": practice.title},
                messages.SUCCESS,
            )
        return redirect(reverse("admin:practices_practice_review", args=[pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        practice = self.get_object(request, object_id)
        reviewable = practice is not None and (
            any(permissions.can(request.user, action, practice) for action in REVIEW_STEPS)
            or practice.revisions.filter(status=PracticeRevision.Status.PENDING).exists()
        )
        extra_context = {
            **(extra_context or {}),
            "review_url": reviewable
            and reverse("admin:practices_practice_review", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    object_history_template = "admin/practices/practice/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """The practice's changes, then its outcomes' changes, each with old → new values."""
        outcome_history = Outcome.history.filter(practice_id=object_id)
        extra_context = {
            **(extra_context or {}),
            "outcome_changes": child_changes(
                Outcome, outcome_history, limit=self.history_list_per_page
            ),
        }
        return super().history_view(request, object_id, extra_context)


class ReviewSubject:
    """What the review page of a practice decides on: the practice itself or its pending change.

    A published practice with a proposed change waiting is reviewed as that change;
    anything else as the practice.
    """

    def __init__(self, practice: Practice, revision: PracticeRevision | None, user):
        self.practice, self.revision, self.user = practice, revision, user
        if revision is None:
            self.shown = practice
            self.version = versions.version(practice)
            self.allowed = permissions.allowed_actions(user, practice)
        else:
            self.shown = versions.applied(practice, revision.changes)
            self.version = versions.revision_version(practice, revision.changes)
            self.allowed = frozenset(
                action
                for action in REVIEW_STEPS
                if permissions.revision_refusal(user, action, revision) is None
            )

    @classmethod
    def load(cls, pk: int, user) -> "ReviewSubject":
        practice = get_object_or_404(
            Practice.objects.for_detail().select_related("submitted_by", "reviewed_by"), pk=pk
        )
        revision = None
        if practice.status == Practice.Status.PUBLISHED:
            revision = (
                practice.revisions.filter(status__in=PracticeRevision.OPEN_STATUSES)
                .select_related("proposed_by", "reviewed_by")
                .first()
            )
        return cls(practice, revision, user)

    def decide(self, decision: str, *, by, note: str, version: str | None) -> None:
        options = {"note": note}
        if decision == Action.APPROVE:
            options["version"] = version
        if self.revision is None:
            REVIEW_STEPS[decision](practice=self.practice, by=by, **options)
        else:
            self.revision = REVISION_STEPS[decision](revision=self.revision, by=by, **options)

    def differences(self) -> list[versions.Difference]:
        if self.revision is None:
            return []
        return versions.compare(self.practice, self.revision.changes)

    def done_message(self) -> str:
        title = {"title": self.practice.title}
        if self.revision is None:
            return _("“%(title)s” now has the status “%(status)s”.") % {
                **title,
                "status": self.practice.get_status_display(),
            }
        return _("The proposed change to “%(title)s” now has the status “%(status)s”.") % {
            **title,
            "status": self.revision.get_status_display(),
        }

    def why_no_decision(self) -> str:
        if self.revision is not None:
            refused = permissions.revision_refusal(self.user, Action.APPROVE, self.revision)
            return refused.message if refused else ""
        refused = permissions.refusal(self.user, Action.APPROVE, self.practice)
        if self.practice.status == Practice.Status.DRAFT and refused:
            return refused.message
        return _("“%(title)s” has the status “%(status)s”: there is no decision to take.") % {
            "title": self.practice.title,
            "status": self.practice.get_status_display(),
        }


@admin.register(ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    """One queue of what waits for an editor: new submissions and proposed changes to
    published practices, the longest waiting first."""

    list_display = ["title", "kind", "city_names", "proposed_by", "waiting_since", "review_link"]
    list_select_related = ["submitted_by"]
    search_fields = ["title", "summary"]

    def get_ordering(self, request):
        return ["waiting_since", "pk"]  # an annotation, which `ordering` cannot name

    def get_queryset(self, request):
        pending = PracticeRevision.objects.filter(status=PracticeRevision.Status.PENDING)
        return (
            self.model._default_manager.filter(
                Q(status=Practice.Status.SUBMITTED)
                | Q(status=Practice.Status.PUBLISHED, pk__in=pending.values("practice_id"))
            )
            .annotate(
                waiting_since=Case(
                    When(status=Practice.Status.SUBMITTED, then=F("submitted_at")),
                    default=Subquery(
                        pending.filter(practice=OuterRef("pk")).values("updated_at")[:1]
                    ),
                )
            )
            .defer("search_vector")
            .prefetch_related(
                "cities",
                Prefetch(
                    "revisions",
                    queryset=pending.select_related("proposed_by"),
                    to_attr="pending_revisions",
                ),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.is_editor(request.user)

    def has_module_permission(self, request):
        return permissions.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to review"))
    def kind(self, practice: Practice) -> str:
        if practice.status == Practice.Status.PUBLISHED:
            return _("Proposed change to a published practice")
        return _("New practice")

    @admin.display(description=_("cities"))
    def city_names(self, practice: Practice) -> str:
        return ", ".join(city.name for city in practice.cities.all()) or "—"

    @admin.display(description=_("by"))
    def proposed_by(self, practice: Practice) -> str:
        person = (
            practice.pending_revisions[0].proposed_by
            if practice.pending_revisions
            else practice.submitted_by
        )
        return str(person) if person else "—"

    @admin.display(description=_("waiting since"), ordering="waiting_since")
    def waiting_since(self, practice: Practice):
        return practice.waiting_since

    @admin.display(description=_("review"))
    def review_link(self, practice: Practice) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:practices_practice_review", args=[practice.pk]),
            _("Review"),
        )


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(admin.ModelAdmin):
    """Every change proposed to a published practice and what became of it (read only)."""

    list_display = ["practice", "status", "proposed_by", "created_at", "reviewed_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["practice", "proposed_by", "reviewed_by"]
    search_fields = ["practice__title"]
    readonly_fields = [
        "practice",
        "status",
        "proposed_by",
        "changes",
        "reviewed_by",
        "review_note",
        "created_at",
        "updated_at",
        "decided_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
