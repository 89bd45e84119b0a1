"""How the report names people: "you" for the reader, names for everyone else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Voice:
    """Names people as the report's reader expects: "you" for `me`, else by name."""

    me: str | None

    def __call__(self, person: str, capital: bool = True) -> str:
        if person == self.me:
            return "You" if capital else "you"
        return person

    def has(self, person: str) -> str:
        """ "have" for the reader, "has" for anyone else."""
        return "have" if person == self.me else "has"

    def possessive(self, person: str, capital: bool = True) -> str:
        """ "your" for the reader, "Sam's" for anyone else."""
        if person == self.me:
            return "Your" if capital else "your"
        return f"{person}'s"


# A fixed table rather than strftime("%b"): month names must not follow the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: date) -> str:
    """A date in words, locale-free: "3 Mar 2024"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def weeks(n: int) -> str:
    """ "1 week", "8 weeks"."""
    return "1 week" if n == 1 else f"{n} weeks"
