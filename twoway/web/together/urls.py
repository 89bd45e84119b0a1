"""URLs of linking and the Together page (the perception gap has its own: gap_urls)."""

from django.urls import path

from twoway.web.together import views

urlpatterns = [
    path("people/<int:pk>/together/", views.together, name="together"),
    path("people/<int:pk>/together/invite/", views.invite, name="invite"),
    path("people/<int:pk>/together/invite/cancel/", views.invite_cancel, name="invite_cancel"),
    path("people/<int:pk>/together/unlink/", views.unlink, name="unlink"),
    path("together/join/", views.join, name="join"),
    path("together/join/<str:code>/", views.join_code, name="join_code"),
]
