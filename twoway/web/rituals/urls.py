"""URLs of rituals, check-ins, the calendar feed and reminders."""

urlpatterns: list = []
