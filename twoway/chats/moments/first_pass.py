"""The first pass over a chat's distinct texts: which may hold a moment, and in which lists.

Each language's pattern lists, in the syntax Polars' regex engine reads, are
joined a few at a time into pieces (`MomentRules.trigger_pieces`); a text that
matches no piece of any language holds no moment. `first_pass` keeps one column
per piece, so that `find_moments` later runs a list only on the texts its piece
matched.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import polars as pl

from twoway.chats.moments.languages import flat
from twoway.chats.moments.polars_forms import polars_text
from twoway.chats.moments.rules import MomentRules

__all__ = ["Pieces", "first_pass", "first_pass_pairs", "matched_any", "triggered"]


def triggered(texts: pl.Series, langs: Sequence[MomentRules]) -> pl.Series:
    """Which texts match some pattern (or cue emoji) of some language: the candidates.

    The texts are first made as `detect.normal` makes them, but for case (the
    patterns ignore it): straight apostrophes, each run of white space one space.
    """
    return matched_any(first_pass(texts, langs)[0])


def matched_any(matched: pl.DataFrame) -> pl.Series:
    """Whether each text (row of `first_pass`'s table) matched some piece."""
    return matched.select(pl.any_horizontal(pl.all())).to_series()


#: Each language's first-pass columns and the (section, key) lists each one holds.
Pieces = dict[str, list[tuple[str, frozenset[tuple[str, str]]]]]


def first_pass(
    texts: pl.Series, langs: Sequence[MomentRules], flat_texts: pl.Series | None = None
) -> tuple[pl.DataFrame, Pieces]:
    """Which of the languages' first-pass patterns each text matches: one column each.

    With the lists each column holds (a text its column does not match matches
    none of them); see `triggered`. `flat_texts`, when given, is `languages.flat(texts)`.
    """
    flat_texts = flat(texts) if flat_texts is None else flat_texts
    return _pieces_matched(flat_texts.to_frame("text").select(polars_text(pl.col("text"))), langs)


def _pieces_matched(
    frame: pl.DataFrame, langs: Sequence[MomentRules]
) -> tuple[pl.DataFrame, Pieces]:
    """`first_pass` on texts (column `text`) already as the Polars patterns read them."""
    pieces: Pieces = {}
    for joined in (True, False):
        if joined:
            units = _joined(tuple(langs))
        else:  # too big for the regex engine: one list at a time
            units = tuple(
                (lang.code, t, frozenset({key}) if key else frozenset())
                for lang in langs
                for t, key in zip(
                    lang.triggers, lang.trigger_keys or (None,) * len(lang.triggers), strict=True
                )
            )
        pieces = {}
        for i, (code, _, keys) in enumerate(units):
            pieces.setdefault(code, []).append((f"~piece{i}", keys))
        try:
            columns = (
                pl.col("text").str.contains(p).alias(f"~piece{i}")
                for i, (_, p, _) in enumerate(units)
            )
            return frame.select(columns), pieces
        except pl.exceptions.PolarsError:
            if not joined:
                raise
    raise AssertionError("unreachable")


def first_pass_pairs(
    pairs: pl.DataFrame, langs: Sequence[MomentRules]
) -> tuple[pl.DataFrame, Pieces]:
    """The (text, language) pairs whose text matches a first-pass piece of their language.

    `pairs` has a `language` column (a code of `langs`) and `read`, the text as
    the Polars patterns read it (`polars_text` of its `detect.normal`). Each text is tested against its own language's
    pieces only: a fourth of the work of `first_pass` on four languages. The rows
    that match come back with their language's piece columns (a piece column of
    another language is null there), and the pieces of each language.
    """
    out, pieces = [], {}
    for lang in langs:
        group = pairs.filter(pl.col("language") == lang.code)
        if group.height == 0:
            continue
        matched, shown = _pieces_matched(group.select(text="read"), [lang])
        pieces.update(shown)
        out.append(group.hstack(matched).filter(matched_any(matched)))
    if not out:
        return pairs.clear(), pieces
    return pl.concat(out, how="diagonal"), pieces


@functools.cache
def _joined(
    langs: tuple[MomentRules, ...],
) -> tuple[tuple[str, str, frozenset[tuple[str, str]]], ...]:
    """The languages' first-pass patterns, a few lists at a time, one language each.

    Every language in one expression is much slower (the regex engine's fast path
    gives up on it); see `MomentRules.trigger_pieces`. Each with its language and
    the lists it holds.
    """
    return tuple(
        (lang.code, piece, keys)
        for lang in langs
        for piece, keys in zip(lang.trigger_pieces, lang.piece_keys, strict=True)
    )
