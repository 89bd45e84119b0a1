"""Matching a name as a person types it: case and accents do not matter ("zoe" is "Zoë")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def folded(name: str) -> str:
    """`name` without case, accents or surrounding spaces: what two spellings share."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_name(name: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `name` means, ignoring case and accents; None when none or several do.

    An exact spelling wins, so "Zoe" and "Zoë" in one ledger stay two people.
    """
    known = list(names)
    if name in known:
        return name
    found = [n for n in known if folded(n) == folded(name)]
    return found[0] if len(found) == 1 else None
