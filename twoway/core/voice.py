"""How the report names people: "you" for the reader, names for everyone else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    """Names people as the report's reader expects: "you" for `me`, else by name."""

    me: str | None

    def __call__(self, person: str, capital: bool = True) -> str:
        if person == self.me:
            return "You" if capital else "you"
        return person

    def possessive(self, person: str, capital: bool = True) -> str:
        """ "your" for the reader, "Sam's" for anyone else."""
        if person == self.me:
            return "Your" if capital else "your"
        return f"{person}'s"
