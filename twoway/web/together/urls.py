"""URLs of linking, the Together page and the perception gap."""

from django.urls import path

from twoway.web.together import views

urlpatterns = [
    path("people/<int:pk>/together/", views.together, name="together"),
]
