"""Practices: the gratitude wall, the "I statement" helper and the role reversal exercise."""
