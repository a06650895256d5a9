from django.urls import path

from portal import places as views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="detail"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
]
