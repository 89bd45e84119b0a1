"""URLs of the perception gap and "whose move"."""

urlpatterns: list = []
