"""Admin wiring that spans apps: API tokens for partner organisations."""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from cities.services import issue_api_token
from portal.dashboard import editor_dashboard
from practices import permissions

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class PartnerTokenAdmin(TokenAdmin):
    """Editors issue tokens to partner accounts only, never to staff.

    A token acts as its user, so one for a staff account would hand its powers
    to whoever holds the key. Only superusers see or issue staff tokens.
    """

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return tokens
        return tokens.filter(user__is_staff=False, user__is_superuser=False)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                is_active=True, is_staff=False, is_superuser=False
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Tokens are made in one place (cities.services.issue_api_token); it replaces any older one.
        obj.key = issue_api_token(user=obj.user, by=request.user)


_admin_index = admin.site.index


def index_with_dashboard(request, extra_context=None):
    """The admin's front page, with what needs the editors' attention above the app list."""
    extra_context = dict(extra_context or {})
    if permissions.is_editor(request.user):
        extra_context["dashboard"] = editor_dashboard()
    return _admin_index(request, extra_context)


admin.site.index = index_with_dashboard
