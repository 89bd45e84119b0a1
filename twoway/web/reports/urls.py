"""URLs of the reports app."""

from django.urls import path

from twoway.web.reports import views

urlpatterns = [
    path("people/<int:pk>/report/", views.report, name="report"),
    path("people/<int:pk>/assess/", views.assess, name="assess"),
    path("people/<int:pk>/chats/", views.chats, name="chats"),
]
