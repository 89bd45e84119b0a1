"""Rituals: scheduled check-ins filled in by both sides, their calendar feed and reminders."""
