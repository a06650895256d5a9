from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Now
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken
from modeltranslation.admin import TranslationAdmin

from cities import services
from cities.forms import InvitationForm, PartnerAccountForm
from cities.models import AccessRequest, City, Official, Organisation, PartnerAccount
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
class CityAdmin(HistoryAdmin, TranslationAdmin):
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
class OrganisationAdmin(HistoryAdmin, TranslationAdmin):
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
            ngettext(
                "Confirmed %(count)d organisation; it is public now.",
                "Confirmed %(count)d organisations; they are public now.",
                confirmed,
            )
            % {"count": confirmed},
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
        return form_page(
            self,
            request,
            form,
            title=_("Invite a city official"),
            intro=_(
                "The official gets a mail with a link to choose a password; once it is set they "
                "are signed in and can submit their city's practices. Someone who already has an "
                "account is made an official of the city and told so."
            ),
            submit=_("Send the invitation"),
        )


def form_page(model_admin, request, form, *, title: str, intro: str, submit: str):
    """An admin page with one form, in the admin's look (for adds that go through a service)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "intro": intro,
        "submit": submit,
        "form": form,
    }
    return TemplateResponse(request, "admin/cities/form_page.html", context)


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Requests for access: an editor picks the city if needed, then accepts or declines."""

    list_display = ["created_at", "name", "email", "city_or_name", "organisation", "status"]
    list_filter = ["status"]
    list_select_related = ["city"]
    search_fields = ["name", "email", "organisation", "city__name", "city_name"]
    autocomplete_fields = ["city"]
    fields = [
        "name",
        "email",
        "organisation",
        "role",
        "city",
        "city_name",
        "message",
        "created_at",
        "status",
        "decline_reason",
        "decided_by",
        "decided_at",
    ]
    change_form_template = "admin/cities/accessrequest/change_form.html"
    actions = ["accept_selected"]

    @admin.display(description=_("city"), ordering="city__name")
    def city_or_name(self, access_request: AccessRequest) -> str:
        if access_request.city:
            return str(access_request.city)
        return _("“%(name)s” (not listed)") % {"name": access_request.city_name}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == AccessRequest.Status.PENDING:
            return [name for name in self.fields if name not in ("city", "decline_reason")]
        return self.fields

    def has_add_permission(self, request):
        return False

    def response_change(self, request, obj):
        decisions = {"_accept": self._accept, "_decline": self._decline}
        for button, decide in decisions.items():
            if button in request.POST:
                return decide(request, obj)
        return super().response_change(request, obj)

    def _accept(self, request, access_request):
        try:
            official = services.accept_access_request(
                access_request=access_request, by=request.user
            )
        except (services.InvitationRefused, services.AlreadyDecided, ValidationError) as error:
            self.message_user(request, " ".join(_messages(error)), messages.ERROR)
            return redirect(request.path)
        self.message_user(
            request,
            _("Accepted: %(email)s is an official of %(city)s and has been sent the invitation.")
            % {"email": official.user.email, "city": official.city},
            messages.SUCCESS,
        )
        return redirect("admin:cities_accessrequest_changelist")

    def _decline(self, request, access_request):
        try:
            services.decline_access_request(
                access_request=access_request, by=request.user, reason=access_request.decline_reason
            )
        except (services.ReasonRequired, services.AlreadyDecided) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)
        self.message_user(
            request,
            _("Declined; %(email)s has been sent the reason.") % {"email": access_request.email},
            messages.SUCCESS,
        )
        return redirect("admin:cities_accessrequest_changelist")

    @admin.action(description=_("Accept selected requests and send the invitations"))
    def accept_selected(self, request, queryset):
        accepted = 0
        for access_request in queryset.select_related("city"):
            try:
                services.accept_access_request(access_request=access_request, by=request.user)
                accepted += 1
            except (services.InvitationRefused, services.AlreadyDecided, ValidationError) as error:
                message = " ".join(_messages(error))
                self.message_user(request, f"{access_request}: {message}", messages.WARNING)
        if accepted:
            self.message_user(
                request,
                _("Accepted and invited: %(count)d.") % {"count": accepted},
                messages.SUCCESS,
            )


def _messages(error: Exception) -> list[str]:
    return list(getattr(error, "messages", [str(error)]))


@admin.register(PartnerAccount)
class PartnerAccountAdmin(admin.ModelAdmin):
    """Partner organisations' accounts and their API tokens, run by editors."""

    list_display = ["email", "first_name", "last_name", "is_active", "has_token", "date_joined"]
    list_filter = ["is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "is_active", "has_token", "date_joined"]
    readonly_fields = ["email", "has_token", "date_joined"]
    change_form_template = "admin/cities/partneraccount/change_form.html"
    actions = ["issue_tokens", "revoke_tokens"]

    def get_queryset(self, request):
        live_tokens = AuthToken.objects.filter(user=OuterRef("pk")).filter(
            Q(expiry__isnull=True) | Q(expiry__gt=Now())
        )
        return super().get_queryset(request).annotate(has_live_token=Exists(live_tokens))

    @admin.display(description=_("API token"), boolean=True)
    def has_token(self, partner: PartnerAccount) -> bool:
        return partner.has_live_token

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PartnerAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                partner = services.create_partner_account(by=request.user, **form.account_fields())
            except services.AccountRefused as error:
                form.add_error("email", str(error))
            except ValidationError as error:
                form.add_error("email", error)
            else:
                self.message_user(
                    request, _("Partner account %(email)s created.") % {"email": partner.email}
                )
                if form.cleaned_data["issue_token"]:
                    self._issue(request, partner)
                return redirect("admin:cities_partneraccount_change", partner.pk)
        return form_page(
            self,
            request,
            form,
            title=_("Add a partner account"),
            intro=_(
                "A partner organisation uses the API with a token; its account is never staff "
                "and has no password. Issue the token here and hand it over safely."
            ),
            submit=_("Create the account"),
        )

    def response_change(self, request, obj):
        if "_issue_token" in request.POST:
            self._issue(request, obj)
            return redirect(request.path)
        if "_revoke_token" in request.POST:
            self._revoke(request, obj)
            return redirect(request.path)
        return super().response_change(request, obj)

    def _issue(self, request, partner) -> None:
        try:
            key = services.issue_api_token(user=partner, by=request.user)
        except (services.AccountRefused, PermissionDenied) as error:
            self.message_user(request, str(error) or _("Not allowed."), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "New API token for %(email)s: %(key)s. Copy it now: it is shown only this once "
                "and works for %(days)d day; any older token no longer works.",
                "New API token for %(email)s: %(key)s. Copy it now: it is shown only this once "
                "and works for %(days)d days; any older token no longer works.",
                settings.API_TOKEN_VALID_DAYS,
            )
            % {"email": partner.email, "key": key, "days": settings.API_TOKEN_VALID_DAYS},
            messages.SUCCESS,
        )

    def _revoke(self, request, partner) -> None:
        try:
            revoked = services.revoke_api_token(user=partner, by=request.user)
        except PermissionDenied:
            self.message_user(request, _("Not allowed."), messages.ERROR)
            return
        if revoked:
            self.message_user(
                request, _("The API token of %(email)s no longer works.") % {"email": partner.email}
            )

    @admin.action(description=_("Issue new API tokens to the selected partners"))
    def issue_tokens(self, request, queryset):
        for partner in queryset:
            self._issue(request, partner)

    @admin.action(description=_("Revoke the API tokens of the selected partners"))
    def revoke_tokens(self, request, queryset):
        for partner in queryset:
            self._revoke(request, partner)
