"""URLs of the perception gap and "whose move"."""

from django.urls import path

from twoway.web.together import gap_views

urlpatterns = [
    path("people/<int:pk>/gap/", gap_views.gap, name="gap"),
]
