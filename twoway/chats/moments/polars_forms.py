"""The moments' patterns in the forms Polars' regex engine (Rust's) reads.

Python's `re` is what a pattern means; Polars reads it much faster, in two forms:
`fast_form` matches wherever `re` does, and sometimes more (a first pass, then
`re` or an exact form decides); `exact_form` matches exactly where `re` does, on
the texts `exactness` calls exact: ASCII, emoji and Latin-1's letters, signs and
punctuation, where both engines agree on what a letter, a digit and a space are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import polars as pl

__all__ = [
    "CODED_LETTERS",
    "INVISIBLE",
    "LATIN_ALIKE",
    "LATIN_SIGNS",
    "cased",
    "exact_form",
    "exact_union",
    "exactness",
    "fast_form",
    "fast_union",
    "polars_text",
    "visible",
    "visible_all",
]


#: The escapes both engines read alike on ASCII text (once `\\b` is made ASCII's).
_ESCAPES_ALIKE: Final = frozenset("bBsSwWdD.\\-'?*+()[]{}|^$/!,:;\"&#%@=_~` ")


def exact_form(pattern: str) -> str | None:
    """A pattern for Polars that matches exactly where `re` does on an exact text.

    What an exact text is, `exactness` says: ASCII and emoji, and the common Latin
    letters once coded as capitals (`latin_codes`). There Unicode's word boundary
    is ASCII's, which Polars reads fast, and the other escapes used (`\\s`,
    `\\w`, `\\d`, punctuation) mean the same in both engines. None for a pattern
    with another escape, or with a letter that `re`'s case folding matches to an
    ASCII one (ı, ſ, the Kelvin sign).
    """
    if any(c in pattern for c in "ıſ\u212a\u0130"):
        return None
    # escape by escape, not char by char: the shipped files' thousands of patterns
    # are read at every start
    out, last, in_class = [], 0, False
    for escape in _ESCAPE.finditer(pattern):
        run = pattern[last : escape.start()]
        opened, closed = run.rfind("["), run.rfind("]")
        if opened != closed:  # the run's last bracket says whether a class is open
            in_class = opened > closed
        escaped = escape.group(1)
        if escaped not in _ESCAPES_ALIKE:
            return None
        # ASCII's classes are Unicode's on ASCII text, and cheaper to compile
        # (`\\W`, `\\S`, `\\D` stay: as ASCII classes they may match half a letter)
        ascii_class = escaped in "bB" or (escaped in "wsd" and not in_class)
        out.append(run)
        out.append(f"(?-u:\\{escaped})" if ascii_class else escape.group())
        last = escape.end()
    out.append(pattern[last:])
    return "".join(out)


#: A backslash and what it escapes (nothing, at the end of a pattern).
_ESCAPE: Final = re.compile(r"\\(.?)", re.DOTALL)


def exact_union(lists: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each list of patterns as one exact Polars pattern (`exact_form`); empty if one cannot be."""
    out = {}
    for key, raws in lists.items():
        exact = [exact_form(r) for r in raws]
        if any(e is None for e in exact):
            return {}
        if raws:
            out[key] = cased("|".join(f"(?:{e})" for e in exact))
    return out


#: The emoji on which both engines agree: neither a word character nor a space to
#: either (Rust's `\w` also takes the marks, the joiner and a few lettered emoji).
#: Narrower than `languages._EMOJI`, which needs only Python's side (case, spaces).
_EMOJI_ALIKE: Final = r"[[\p{Extended_Pictographic}\p{Emoji_Component}]&&[^\x00-\x7f\w\s]]"
#: The punctuation and signs that neither engine takes for a letter, a digit or a
#: space: Latin-1's (not ª, º, µ, ², ³, ¹, ¼, ½, ¾, which Python calls letters or
#: digits), the general punctuation (not its spaces, its controls, nor ‿ ⁀ ⁔, word
#: characters to Rust) and the currency signs. In a Rust character class.
LATIN_SIGNS: Final = (
    "¡-©«-±´¶-¸»¿"
    r"\x{2010}-\x{2027}\x{2030}-\x{203E}\x{2041}-\x{2053}\x{2055}-\x{205E}\x{20A0}-\x{20C0}"
)
#: Those, and Latin-1's letters and œ (letters to both engines, with one lower case).
LATIN_ALIKE: Final = "À-ÖØ-öø-ÿŒœ" + LATIN_SIGNS
#: The Latin letters `latin_codes` reads as capitals (lower case): the 23 the shipped
#: patterns use, and ã, ì, ò; one per capital.
CODED_LETTERS: Final = "ßàáâãäçèéêëìíîïñòóôöùúûüÿœ"


def exactness(text: pl.Expr) -> pl.Expr:
    """Which exact patterns read a text (`detect.normal`'s) as `re` does: 0, 1 or 2.

    0: ASCII and emoji alone (`Section.ascii`); 1: the common Latin letters
    (`CODED_LETTERS`) and Latin-1's signs too (`Section.latin`, on the text
    `latin_codes.coded`); 2: neither (Polars' patterns may then match more than `re`'s).
    """
    rest = text.str.replace_all(_EMOJI_ALIKE, "")
    return (
        pl.when(~rest.str.contains(r"[^\x00-\x7f]"))
        .then(pl.lit(0, pl.Int8))
        .when(~rest.str.contains(f"[^\\x00-\\x7f{CODED_LETTERS}{LATIN_SIGNS}]"))
        .then(pl.lit(1, pl.Int8))
        .otherwise(pl.lit(2, pl.Int8))
    )


#: Emoji's presentation selector and joiner: they change how an emoji is drawn, not
#: what a message says. `detect.normal` drops them, and so do the patterns.
INVISIBLE: Final = "\ufe0f\u200d"


def visible(text: str) -> str:
    """`text` without emoji's presentation selector and joiner (`INVISIBLE`)."""
    # two replaces: much faster than `str.translate`, which deletes char by char
    return text.replace("\ufe0f", "").replace("\u200d", "")


def visible_all(patterns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(visible(p) for p in patterns)


def fast_union(raws: tuple[str, ...]) -> str:
    """A list of patterns as one pattern for Polars (see `fast_form` and `cased`)."""
    return cased("|".join(f"(?:{fast_form(r)})" for r in raws))


def cased(pattern: str) -> str:
    """A Polars pattern, case-blind only when it has an upper-case letter to fold.

    Polars reads texts made lower case, with `polars_text`'s folds: there a
    lower-case pattern matches wherever `re`'s case-blind one does, and case-blind
    patterns cost Polars more to compile (every call compiles them again).
    """
    letters = re.sub(r"\\.", "", pattern)
    return ("(?i)" if letters.lower() != letters else "") + pattern


#: Lower-case letters `re`'s case-blind match takes for an ASCII one (after lower-casing,
#: the Kelvin sign is "k" and "İ" is "i" and a dot already).
_FOLDS: Final = (("ı", "i"), ("ſ", "s"))


def polars_text(text: pl.Expr) -> pl.Expr:
    """A lower-case text as the case-sensitive Polars patterns read it (see `cased`)."""
    for letter, ascii_letter in _FOLDS:
        text = text.str.replace_all(letter, ascii_letter, literal=True)
    return text


_ASCII_WORD: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def fast_form(pattern: str) -> str:
    """A pattern for the first pass, which may find more than Python's `re` later keeps.

    Polars' regex engine reads `\\b` fast only as an ASCII word boundary. Next to an
    ASCII letter of the pattern (`\\bthank`, `\\b(?:thanks|thx)`, `thx\\b`) that
    boundary holds wherever the Unicode one does, so it is kept; elsewhere (`\\bça`)
    it is dropped: the first pass then finds a few more candidates, never fewer.
    """
    out, last = [], 0
    for escape in _BACKSLASH_OR_BOUNDARY.finditer(pattern):
        i = escape.start()
        out.append(pattern[last:i])
        last = escape.end()
        if escape.group() == "\\\\":
            out.append(escape.group())
            continue
        before, after = pattern[i - 1 : i], _first_chars(pattern, i + 2)
        ascii_next = bool(after) and all(c in _ASCII_WORD for c in after)
        ascii_before = before in _ASCII_WORD and pattern[i - 2 : i - 1] != "\\"
        if ascii_next or (before and ascii_before):
            out.append("(?-u:\\b)")
    out.append(pattern[last:])
    return "".join(out)


#: An escaped backslash, or a word boundary (`fast_form`).
_BACKSLASH_OR_BOUNDARY: Final = re.compile(r"\\\\|\\b")


def _first_chars(pattern: str, i: int) -> set[str]:
    """The characters a pattern can start with at `i`, or an empty set when unsure."""
    if i >= len(pattern):
        return set()
    if pattern[i] in _ASCII_WORD:
        return {pattern[i]}
    if not pattern.startswith("(?:", i):
        return set()
    depth, j, start, firsts = 0, i, i + 3, set()
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                found = _first_chars(pattern, start)
                if not found:
                    return set()
                firsts |= found
                return firsts if pattern[j + 1 : j + 2] not in ("?", "*") else set()
        elif c == "|" and depth == 1:
            found = _first_chars(pattern, start)
            if not found:
                return set()
            firsts |= found
            start = j + 1
        j += 1
    return set()
