"""Latin-1's letters as ASCII capitals, so that Polars reads accented texts exactly and fast.

Python's `re` takes "é" for a word character; Polars' regex engine does too, but
its fast path gives up on Unicode's word boundary as soon as a text holds a
character outside ASCII, and the slow one costs many times more. The texts the
patterns read are lower case, so the capitals are free: each common Latin letter
becomes one capital (`coded`), in the texts and in the patterns alike
(`coded_pattern`). One character stays one character and a letter stays a word
character, so a pattern matches a coded text exactly where `re` matches the
text, and ASCII's word boundary (`exact_form`) is Unicode's there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import polars as pl

from twoway.chats.moments.polars_forms import CODED_LETTERS, exact_form

__all__ = ["CODED_LETTERS", "coded", "coded_pattern", "coded_union"]

#: One capital for each of `CODED_LETTERS`. A text with another letter outside ASCII
#: (å, ø, æ, ý, ð, þ, õ) is not read exactly (`polars_forms.exactness`).
_CAPITALS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE: Final = str.maketrans(CODED_LETTERS, _CAPITALS)
#: An escape (`\W`, `\.`): its letter is not one the pattern matches.
_ESCAPE: Final = re.compile(r"\\.")


def coded(text: pl.Expr) -> pl.Expr:
    """Lower-case texts with each of `CODED_LETTERS` made its capital."""
    return text.str.replace_many(list(CODED_LETTERS), list(_CAPITALS))


def coded_pattern(pattern: str) -> str | None:
    """A pattern (`re`'s syntax, lower case) with its Latin letters made capitals.

    None when that could change what it matches: a capital of its own (the
    patterns are case-blind), a letter outside ASCII that is not coded, or a coded
    letter at the end of a range (`[à-ü]` is not `[B-V]`).
    """
    letters = _ESCAPE.sub("", pattern)
    for c in letters:
        if c.isalpha() and (c.isupper() or not (c.isascii() or c in CODED_LETTERS)):
            return None
    if re.search(f"[{CODED_LETTERS}]-|-[{CODED_LETTERS}]", letters):
        return None
    return pattern.translate(_CODE)


def coded_union(lists: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each list of patterns as one Polars pattern, exact on a coded text (`coded`) that
    `exactness` calls exact (0 or 1); empty if some pattern cannot be put so."""
    out = {}
    for key, raws in lists.items():
        exact = []
        for raw in raws:
            code = coded_pattern(raw)
            form = None if code is None else exact_form(code)
            if form is None:
                return {}
            exact.append(form)
        if raws:
            # no `cased`: the capitals are letters, and the texts never hold one of their own
            out[key] = "|".join(f"(?:{e})" for e in exact)
    return out
