"""When people write and what they write most: the hour × weekday grid, top words and emoji.

- **Activity**: messages per weekday (Monday first) and hour of the day (0–23),
  in the times the export gives.
- **Top words**: per person, the words of their text messages (letters and
  digits, apostrophes inside; lower-cased) that are not stop words, most used
  first; ties in alphabetical order. Stop words are one file per language in
  ``stop_words/`` (en, de, fr, es, pt, it, nl), all of them applied: a chat
  mixes languages, and these are the words that say nothing about a person.
  Words of one letter and numbers are left out.
- **Top emoji**: per person, the emoji in their text messages, most used first.

Words and emoji are counted over the text messages among the chat's latest
`WORD_SAMPLE` messages (a slice, no per-person work), so a chat of a million
messages costs no more than one of fifty thousand.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Final

import polars as pl

#: The languages whose stop words are known.
STOP_LANGUAGES: Final = ("en", "de", "fr", "es", "pt", "it", "nl")
#: How many words and emoji each person's list holds.
TOP: Final = 10
#: How many of the chat's latest messages are read for words and emoji.
WORD_SAMPLE: Final = 50_000
_WORD: Final = r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*"
_EMOJI: Final = r"\p{Extended_Pictographic}"


@cache
def stop_words() -> frozenset[str]:
    """Every language's stop words, lower-cased."""
    words: set[str] = set()
    folder = files("twoway.chats") / "stop_words"
    for code in STOP_LANGUAGES:
        for line in (folder / f"{code}.txt").read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words.update(w.strip().lower() for w in line.split() if w.strip())
    return frozenset(words)


def hour_weekday(messages: pl.DataFrame) -> list[list[int]]:
    """Messages per weekday (7 rows, Monday first) and hour (24 columns)."""
    # Counted per hour of the calendar first: the weekday and hour are then read once
    # per hour that has messages, not once per message (a third of the time on a million).
    counts = (
        messages.lazy()
        .group_by(at=pl.col("at").dt.truncate("1h"))
        .len()
        .group_by(day=pl.col("at").dt.weekday() - 1, hour=pl.col("at").dt.hour())
        .agg(pl.col("len").sum())
        .collect()
    )
    grid = [[0] * 24 for _ in range(7)]
    for day, hour, n in counts.iter_rows():
        grid[day][hour] = n
    return grid


def top_terms(
    messages: pl.DataFrame, people: Sequence[str]
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[tuple[str, int]]]]:
    """(top words, top emoji) per person, each a list of (term, count), most used first."""
    texts = messages.tail(WORD_SAMPLE).filter(pl.col("kind") == "text").select("sender", "text")
    stop = pl.Series(sorted(stop_words()), dtype=pl.String)
    words = _top(
        texts.lazy()
        .select("sender", term=pl.col("text").str.to_lowercase().str.extract_all(_WORD))
        .explode("term")
        .filter(
            pl.col("term").is_not_null()
            & (pl.col("term").str.len_chars() > 1)
            & ~pl.col("term").str.contains(r"^[0-9]+$")
            & ~pl.col("term").is_in(stop.implode())
        )
    )
    emoji = _top(
        texts.lazy()
        .select("sender", term=pl.col("text").str.extract_all(_EMOJI))
        .explode("term")
        .filter(pl.col("term").is_not_null())
    )
    return (
        {p: words.get(p, []) for p in people},
        {p: emoji.get(p, []) for p in people},
    )


def _top(terms: pl.LazyFrame) -> dict[str, list[tuple[str, int]]]:
    ranked = (
        terms.group_by("sender", "term")
        .len()
        .sort(["sender", "len", "term"], descending=[False, True, False])
        .group_by("sender", maintain_order=True)
        .head(TOP)
        .collect()
    )
    out: dict[str, list[tuple[str, int]]] = {}
    for sender, term, n in ranked.iter_rows():
        out.setdefault(sender, []).append((term, n))
    return out
