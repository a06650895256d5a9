from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.PublicationListView.as_view(), name="list"),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
