from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.admin import RegionListFilter
from core.mail import MailNotSent
from practices import services
from practices.models import (
    Commitment,
    Framework,
    Outcome,
    Practice,
    PracticeDocument,
    PracticeEvent,
    ReviewQueue,
    TargetGroup,
    Theme,
)


@admin.register(Theme, TargetGroup)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    prepopulated_fields = {"slug": ["number"]}
    fields = ["number", "title", "slug", "description"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "adopted_year", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["owner"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "number"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["title", "slug", "framework__name", "framework__short_name"]
    autocomplete_fields = ["framework"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 1
    fields = ["position", "label", "qualifier", "value", "unit", "year", "source"]


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
    DECISIONS = [
        ("publish", _("Publish")),
        ("send_back", _("Send back to the submitter for changes")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when sending back or rejecting."),
    )


MAIL_NOT_SENT = _(
    "The mail to the submitter could not be sent, so nothing was changed. Try again later."
)

REVIEW_STEPS = {
    "publish": services.approve_practice,
    "send_back": services.send_back_practice,
    "reject": services.reject_practice,
}


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "city_names",
        "instrument",
        "start_year",
        "lead_organisation",
        "published_at",
    ]
    list_filter = [
        "status",
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
    ]
    readonly_fields = [
        "status",
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
        (None, {"fields": ["title", "slug", "summary", "status"]}),
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
                ]
            },
        ),
        (
            _("Instrument, time and money"),
            {
                "fields": [
                    "instrument",
                    ("start_year", "end_year"),
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
                ]
            },
        ),
    ]
    inlines = [OutcomeInline, PracticeDocumentInline, PracticeEventInline]
    actions = ["publish_selected", "archive_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector").prefetch_related("cities")

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
            except services.InvalidTransition as error:
                refused.append(f"{practice}: {error}")
            except MailNotSent:
                refused.append(f"{practice}: {MAIL_NOT_SENT}")
        if moved:
            self.message_user(request, done_message % {"count": moved}, messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description=_("Publish selected practices"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply(
            request, queryset, services.approve_practice, _("Published %(count)d practice(s).")
        )

    @admin.action(description=_("Archive selected practices"), permissions=["change"])
    def archive_selected(self, request, queryset):
        self._apply(
            request, queryset, services.archive_practice, _("Archived %(count)d practice(s).")
        )

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [
            path("<int:pk>/review/", review, name="practices_practice_review"),
            *super().get_urls(),
        ]

    def review_view(self, request, pk: int):
        practice = get_object_or_404(Practice, pk=pk)
        if not self.has_change_permission(request, practice):
            raise PermissionDenied
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            step = REVIEW_STEPS[form.cleaned_data["decision"]]
            try:
                step(practice=practice, by=request.user, note=form.cleaned_data["note"])
            except services.NoteRequired as error:
                form.add_error("note", str(error))
            except services.InvalidTransition as error:
                form.add_error(None, str(error))
            except MailNotSent:
                form.add_error(None, MAIL_NOT_SENT)
            else:
                self.message_user(
                    request,
                    _("“%(title)s” is now %(status)s.")
                    % {"title": practice.title, "status": practice.get_status_display().lower()},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:practices_reviewqueue_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review: %(title)s") % {"title": practice.title},
            "practice": practice,
            "form": form,
        }
        return TemplateResponse(request, "admin/practices/review.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_url": reverse("admin:practices_practice_review", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Practices waiting for an editor: the oldest submission first."""

    list_display = ["title", "city_names", "submitted_by", "submitted_at", "review_link"]
    list_select_related = ["submitted_by"]
    search_fields = ["title", "summary"]
    ordering = ["submitted_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Practice.Status.SUBMITTED)
            .defer("search_vector")
            .prefetch_related("cities")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("practices.change_practice")

    def has_module_permission(self, request):
        return request.user.has_perm("practices.change_practice")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cities"))
    def city_names(self, practice: Practice) -> str:
        return ", ".join(city.name for city in practice.cities.all()) or "—"

    @admin.display(description=_("review"))
    def review_link(self, practice: Practice) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:practices_practice_review", args=[practice.pk]),
            _("Review"),
        )
