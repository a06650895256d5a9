"""/accounts/ pages of the onboarding loop; Django's auth views serve the rest of /accounts/."""

from django.urls import path

from cities import account_views

urlpatterns = [
    path(
        "invitation/<uidb64>/<token>/",
        account_views.InvitationView.as_view(),
        name="invitation",
    ),
    path(
        "password_reset/",
        account_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("request-access/", account_views.request_access, name="request_access"),
    path("request-access/sent/", account_views.request_access_sent, name="request_access_sent"),
]
