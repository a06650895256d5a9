"""/accounts/two-factor/: the pages of two-factor sign-in."""

from django.urls import path

from portal import two_factor_views

urlpatterns = [
    path("", two_factor_views.overview, name="two_factor"),
    path("code/", two_factor_views.verify, name="two_factor_verify"),
    path("setup/", two_factor_views.setup, name="two_factor_setup"),
    path("recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
]
