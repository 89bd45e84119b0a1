"""Counting in words: "1 week", "2 weeks", "1 entry", "3 entries"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """The number (with thousands separators) and its noun, singular for exactly one."""
    return f"{n:,} {one}" if n == 1 else f"{n:,} {many or one + 's'}"
