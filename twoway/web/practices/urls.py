"""URLs of the practices: gratitude wall, "I statements", role reversal."""

urlpatterns: list = []
