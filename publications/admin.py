from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cities.admin import RegionListFilter
from core.history import HistoryAdmin
from publications import services
from publications.models import Contributor, Publication


class ContributorInline(admin.TabularInline):
    model = Contributor
    extra = 1
    fields = ["position", "name", "role", "affiliation"]


class EventRegionFilter(RegionListFilter):
    title = _("event region")
    country_field = "event_city__country"


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "status", "publication_date", "event_city", "has_file"]
    list_filter = [
        "status",
        "kind",
        "themes",
        "event_city",
        "event_city__country",
        EventRegionFilter,
        "cities",
    ]
    list_select_related = ["event_city"]
    search_fields = ["title", "subtitle", "summary", "contributors__name"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "publisher",
        "event_city",
        "partners",
        "themes",
        "target_groups",
        "cities",
        "practices",
        "commitments",
    ]
    readonly_fields = ["cover_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "kind", "status", "summary"]}),
        (
            _("Date and publisher"),
            {"fields": [("publication_date", "date_precision"), "publisher"]},
        ),
        (_("Event"), {"fields": ["event_name", "event_city", ("event_start", "event_end")]}),
        (
            _("Files and links"),
            {"fields": ["file", "external_url", "cover", "cover_alt", "cover_preview"]},
        ),
        (
            _("What it is about"),
            {
                "fields": [
                    "partners",
                    "themes",
                    "target_groups",
                    "cities",
                    "practices",
                    "commitments",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ContributorInline]
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    @admin.display(description=_("PDF"), boolean=True)
    def has_file(self, publication: Publication) -> bool:
        return bool(publication.file)

    @admin.display(description=_("preview"))
    def cover_preview(self, publication: Publication) -> str:
        if not publication.cover:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:240px;max-height:320px">',
            publication.cover.url,
            publication.cover_alt,
        )

    @admin.action(description=_("Publish selected publications"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = services.publish_publications(publications=queryset)
        self.message_user(
            request,
            ngettext("Published %(n)d publication.", "Published %(n)d publications.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected publications"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = services.unpublish_publications(publications=queryset)
        self.message_user(
            request,
            ngettext("Unpublished %(n)d publication.", "Unpublished %(n)d publications.", count)
            % {"n": count},
            messages.SUCCESS,
        )
