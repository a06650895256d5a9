from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cities import services
from cities.models import City, Official, Organisation
from cities.regions import Region, countries_in


class RegionListFilter(admin.SimpleListFilter):
    """Filter by UN M49 broad region through a country field (`country_field`)."""

    title = _("region")
    parameter_name = "region"
    country_field = "country"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            lookup = {f"{self.country_field}__in": countries_in(self.value())}
            return queryset.filter(pk__in=queryset.model.objects.filter(**lookup).values("pk"))
        return queryset


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "region_name", "population", "practice_count", "updated_at"]
    list_filter = ["country", RegionListFilter]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "description", "website"]}),
        (
            _("Place and size"),
            {"fields": ["latitude", "longitude", "population", "population_year"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_total=Count("practices"))

    @admin.display(description=_("region"))
    def region_name(self, city: City) -> str:
        return city.region.label if city.region else "—"

    @admin.display(description=_("practices"), ordering="practice_total")
    def practice_count(self, city: City) -> int:
        return city.practice_total


class MergeOrganisationForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Organisation.objects.active(),
        help_text=_("The existing organisation this proposed one is the same as."),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "city", "status", "proposed_by"]
    list_filter = ["status", "kind", "country", RegionListFilter]
    list_select_related = ["city", "proposed_by"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city"]
    readonly_fields = ["status", "proposed_by", "created_at", "updated_at"]
    actions = ["confirm_selected", "merge_selected"]

    @admin.action(description=_("Confirm selected proposed organisations"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        confirmed = 0
        for organisation in queryset.proposed():
            services.confirm_organisation(organisation=organisation, by=request.user)
            confirmed += 1
        self.message_user(
            request,
            _("Confirmed %(count)d organisation(s); they are public now.") % {"count": confirmed},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Merge a proposed organisation into an existing one…"),
        permissions=["change"],
    )
    def merge_selected(self, request, queryset):
        proposed = list(queryset.proposed()[:2])
        if len(proposed) != 1 or queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one proposed organisation to merge."), messages.WARNING
            )
            return None
        return redirect(reverse("admin:cities_organisation_merge", args=[proposed[0].pk]))

    def get_urls(self):
        merge = self.admin_site.admin_view(self.merge_view)
        return [
            path("<int:pk>/merge/", merge, name="cities_organisation_merge"),
            *super().get_urls(),
        ]

    def merge_view(self, request, pk: int):
        proposed = get_object_or_404(Organisation.objects.proposed(), pk=pk)
        if not self.has_change_permission(request, proposed):
            raise PermissionDenied
        form = MergeOrganisationForm(request.POST or None)
        form.fields["into"].queryset = Organisation.objects.active().exclude(pk=proposed.pk)
        if request.method == "POST" and form.is_valid():
            into = services.merge_organisation(
                proposed=proposed, into=form.cleaned_data["into"], by=request.user
            )
            self.message_user(
                request,
                _("“%(proposed)s” is merged into “%(into)s”: its links moved there.")
                % {"proposed": proposed.name, "into": into.name},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:cities_organisation_change", args=[into.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge “%(name)s”") % {"name": proposed.name},
            "proposed": proposed,
            "form": form,
        }
        return TemplateResponse(request, "admin/cities/organisation/merge.html", context)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "role"]
    list_filter = ["city"]
    list_select_related = ["user", "city"]
    search_fields = ["user__email", "user__username", "city__name"]
    autocomplete_fields = ["user", "city"]
