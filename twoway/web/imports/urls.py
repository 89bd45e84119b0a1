"""URLs of the imports app, under /import/."""

from django.urls import path

from twoway.web.imports import views

urlpatterns = [
    path("", views.import_page, name="import"),
    path("<int:pk>/", views.import_job, name="import_job"),
]
