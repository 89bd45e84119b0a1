"""Names: what a name may hold (one rule at every entrance), and matching a name as typed.

A name is shown on one line in reports, pages, file headers and chat listings,
so it must be one line of printable text: not empty, at most `MAX_NAME`
characters, and no control, line- or paragraph-separator, or format character
(a newline, a tab, a NUL, a right-to-left override …). Surrounding spaces are
dropped by the caller, not refused. When a person types a name, case and
accents do not matter ("zoe" is "Zoë").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

from twoway.errors import TwowayError

MAX_NAME: Final = 200

#: Unicode categories no name may hold: controls, format characters, separators other
#: than the plain space, unassigned and private-use code points, and lone surrogates.
_REFUSED: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"})


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a name, in a few words; None when it can."""
    if not name.strip():
        return "expected a name, got nothing"
    if len(name) > MAX_NAME:
        return f"a name has at most {MAX_NAME} characters, not {len(name)}"
    for c in name:
        if unicodedata.category(c) in _REFUSED or (c.isspace() and c != " "):
            return f"a name is one line of text, without {unicodedata.name(c, repr(c))}"
    return None


def check_name(name: str, field: str) -> None:
    """Refuse a name that breaks the rule, naming the field and why (code `bad_name`)."""
    problem = name_problem(name)
    if problem is not None:
        shown = name[:40]
        raise TwowayError(
            f"{field}: {problem}" + (f" ({shown!r})" if name.strip() else ""),
            code="bad_name",
            field=field,
            value=shown,
        )


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
