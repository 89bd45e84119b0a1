"""URLs of rituals, check-ins, the calendar feed and reminders."""

from django.urls import URLPattern, URLResolver, path

from twoway.web.rituals import feed_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    # The calendar page and the feed (feed_views.py).
    path("calendar/", feed_views.calendar_page, name="calendar"),
    path("calendar/new/", feed_views.calendar_new, name="calendar_new"),
    path("calendar/off/", feed_views.calendar_off, name="calendar_off"),
    path("calendar/reminders/", feed_views.calendar_reminders, name="calendar_reminders"),
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
    # The schedule and the check-ins (views.py).
    path("people/<int:pk>/rituals/", views.rituals, name="rituals"),
    path("people/<int:pk>/checkins/start/", views.checkin_start, name="checkin_start"),
    path("people/<int:pk>/checkins/<int:checkin>/", views.checkin, name="checkin"),
]
