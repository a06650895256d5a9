from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cities import services
from cities.forms import InvitationForm
from cities.models import City, Official, Organisation
from cities.regions import Region, countries_in
from core.history import HistoryAdmin


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
class CityAdmin(HistoryAdmin):
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


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "acronym", "kind", "country", "city"]
    list_filter = ["kind", "country", RegionListFilter]
    list_select_related = ["city"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Official)
class OfficialAdmin(HistoryAdmin):
    """Officials are added by invitation (cities.services.invite_official), never by user picker."""

    list_display = ["user", "city", "role", "has_signed_in"]
    list_filter = ["city"]
    list_select_related = ["user", "city"]
    search_fields = ["user__email", "user__username", "city__name"]
    autocomplete_fields = ["city"]
    readonly_fields = ["user"]

    @admin.display(description=_("signed in"), boolean=True)
    def has_signed_in(self, official: Official) -> bool:
        return official.user.last_login is not None

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                official = services.invite_official(by=request.user, **form.cleaned_data)
            except services.InvitationRefused as error:
                form.add_error("email", str(error))
            except ValidationError as error:
                form.add_error("email", error)
            else:
                self.message_user(
                    request,
                    _("%(email)s is an official of %(city)s and has been sent the invitation.")
                    % {"email": official.user.email, "city": official.city},
                    messages.SUCCESS,
                )
                return redirect("admin:cities_official_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Invite a city official"),
            "form": form,
        }
        return TemplateResponse(request, "admin/cities/official/invite.html", context)
