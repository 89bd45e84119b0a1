"""URLs of the reports app."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
