from django.urls import path

from practices import submission_views, views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/<slug:slug>/", views.practice_detail, name="detail"),
    path(
        "practices/<slug:slug>/documents/<int:pk>/",
        views.document_download,
        name="document",
    ),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("my/practices/", submission_views.my_practices, name="mine"),
    path("my/practices/new/", submission_views.new_practice, name="new"),
    path("my/practices/similar/", submission_views.similar_practices, name="similar"),
    path("my/practices/<slug:slug>/edit/", submission_views.edit_practice, name="edit"),
    path("my/practices/<slug:slug>/revise/", submission_views.revise_practice, name="revise"),
    path("my/practices/<slug:slug>/preview/", submission_views.preview_practice, name="preview"),
    path("my/practices/<slug:slug>/submit/", submission_views.submit_practice, name="submit"),
    path("my/practices/<slug:slug>/withdraw/", submission_views.withdraw_practice, name="withdraw"),
]
