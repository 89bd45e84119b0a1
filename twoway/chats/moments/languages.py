"""The language of many chat messages at once: `detect.language_of`, in Polars where it can.

`find_moments` tells each distinct text's language. Texts in ASCII,
Latin-1 letters, œ and emoji are read in Polars (their words and letter hints
counted against each language's markers); the others by `language_of` itself.
The suite checks both give the same answer (`tests/chats/moments/test_find.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from twoway.chats.moments.detect import FR_LETTERS, LETTER_HINTS, language_of, normal, words
from twoway.chats.moments.polars_forms import INVISIBLE, LATIN_ALIKE
from twoway.chats.moments.rules import MomentRules

__all__ = [
    "CHAT_SAMPLE",
    "UNSCORED_WORDS",
    "chat_language",
    "flat",
    "languages_of",
    "latin",
    "normals",
]

#: How many text messages, spread over the chat, say which language it is mostly in.
CHAT_SAMPLE: Final = 500
#: A message of at least this many words using no covered language's marker words is
#: taken to be in another language, and left unscored.
UNSCORED_WORDS: Final = 5

#: Any character outside ASCII.
_NOT_ASCII: Final = r"[^\x00-\x7f]"
#: The emoji outside ASCII (and their modifiers, joiners, variation selectors). None is
#: a letter, digit, space or "_" to Python, nor changes case (checked over every code
#: point; the two that would, ℹ and Ⓜ, are left out): to `words`, `normal` and
#: `str.lower` they are as any ASCII punctuation.
_EMOJI: Final = r"[[\p{Extended_Pictographic}\p{Emoji_Component}]&&[^\x00-\x7f\x{2139}\x{24C2}]]"


#: The non-ASCII characters (but emoji) `languages_of` reads in Polars: Latin-1's
#: letters, œ and some punctuation. Python and Polars agree on which are letters,
#: and on their lower case.
_LATIN_CHARS: Final = f"[{LATIN_ALIKE}]"
#: `detect.words` on such a text, lower case, with straight apostrophes.
_LATIN_WORD: Final = r"[a-zß-öø-ÿœ]+(?:'[a-zß-öø-ÿœ]+)?"
#: The letter hints of `detect.language_of`: (language, letters, weight). No letter
#: of them is ASCII (`languages_of` counts them in the other texts alone).
_HINT_GROUPS: Final = (
    *(
        (code, "[" + "".join(c for c, h in LETTER_HINTS.items() if h == code) + "]", 2)
        for code in sorted(set(LETTER_HINTS.values()))
    ),
    ("fr", "[" + "".join(sorted(FR_LETTERS)) + "]", 1),
)


def latin(texts: pl.Series) -> pl.Series:
    """Whether each text holds only ASCII, emoji and `_LATIN_CHARS`: Polars reads it as Python."""
    # most texts are ASCII (one byte a character): only the others need the patterns
    plain = texts.str.len_bytes() == texts.str.len_chars()
    others = (~plain).arg_true()
    if others.len() == 0:
        return plain
    rest = texts.gather(others).str.replace_all(_EMOJI, "").str.replace_all(_LATIN_CHARS, "")
    return plain.scatter(others, ~rest.str.contains(_NOT_ASCII))


def languages_of(
    texts: pl.Series, langs: Sequence[MomentRules], in_latin: pl.Series | None = None
) -> pl.DataFrame:
    """`detect.language_of` for many texts at once, one row each, in order.

    Columns `code` and `words` (what `language_of` gives) and `tokens` (how many
    words `detect.words` finds). Texts in ASCII, Latin-1 letters, œ, emoji and
    common punctuation (`_latin`) are read in Polars: their words are runs of those
    letters, counted against each language's markers, plus the letter hints. The
    others are read by `language_of` itself. `in_latin`, when given, is `latin(texts)`.
    """
    schema = pl.Schema(
        {"i": pl.UInt32(), "code": pl.String(), "words": pl.Int64(), "tokens": pl.Int64()}
    )
    plain_texts = latin(texts) if in_latin is None else in_latin
    frame = pl.DataFrame({"text": texts, "plain": plain_texts}).with_row_index("i")
    plain = pl.col("plain")
    lower = frame.filter(plain).select(
        "i", lower=pl.col("text").str.to_lowercase().str.replace_all("’", "'", literal=True)
    )
    found = lower.with_columns(
        token=pl.col("lower").str.extract_all(_LATIN_WORD),
        # the hint letters are none of them ASCII: only the other texts are searched
        outside_ascii=pl.when(
            pl.col("lower").str.len_bytes() != pl.col("lower").str.len_chars()
        ).then("lower"),
    )
    # each language's score, a column each: its marker words, and its letter hints
    scores = []
    for lang in langs:
        score = pl.col("token").list.eval(pl.element().is_in(sorted(lang.markers))).list.sum()
        for hinted, letters, weight in _HINT_GROUPS:
            if hinted == lang.code:
                hints = pl.col("outside_ascii").str.count_matches(letters).fill_null(0)
                score = score + hints * weight
        scores.append(score.cast(pl.Int64).alias(f"~{lang.code}"))
    scored = found.select("i", *scores, tokens=pl.col("token").list.len().cast(pl.Int64))
    best = pl.max_horizontal(f"~{lang.code}" for lang in langs)
    at_best = [pl.col(f"~{lang.code}") == best for lang in langs]
    # the language with the most markers, when no other has as many
    ascii_part = scored.select(
        "i",
        code=pl.when((best > 0) & (pl.sum_horizontal(at_best) == 1)).then(
            pl.coalesce(
                pl.when(hit).then(pl.lit(lang.code))
                for hit, lang in zip(at_best, langs, strict=True)
            )
        ),
        words=pl.when(best > 0).then(pl.col("tokens")).otherwise(0),
        tokens="tokens",
    )
    rest = frame.filter(~plain).select("i", "text")
    by_python: dict[str, list[object]] = {"i": [], "code": [], "words": [], "tokens": []}
    for i, text in rest.iter_rows():
        code, n_words = language_of(text, langs)
        for name, value in zip(by_python, (i, code, n_words, len(words(text))), strict=True):
            by_python[name].append(value)
    parts = [ascii_part.cast(schema), pl.DataFrame(by_python, schema=schema)]
    return pl.concat(parts).sort("i").drop("i")


def chat_language(texts: pl.Series, langs: Sequence[MomentRules]) -> str:
    """The language most of a sample of `texts` (the chat's text messages) are in.

    The first language when none can be told.
    """
    written = texts.drop_nulls()
    written = written.filter(written != "")
    step = max(1, written.len() // CHAT_SAMPLE)
    counted: dict[str, int] = {}
    for text in written.gather_every(step).to_list():
        code, _ = language_of(text, langs)
        if code:
            counted[code] = counted.get(code, 0) + 1
    # the most frequent; on a tie, the first met
    return max(counted, key=counted.__getitem__) if counted else langs[0].code


def flat(texts: pl.Series) -> pl.Series:
    """`detect.normal`'s steps that Polars takes as Python does on any text: lower case,
    without emoji's selector and joiner, straight apostrophes, single spaces."""
    return (
        texts.str.to_lowercase()
        .str.replace_all(f"[{INVISIBLE}]", "")
        .str.replace_all("’", "'", literal=True)
        # each run of spaces (as `str.split` sees them) one space: only where it is not one
        # already (a replacement at every space costs four times as much)
        .str.replace_all(r"[\s\x1c-\x1f]{2,}|[[\s\x1c-\x1f]&&[^ ]]", " ")
        .str.strip_chars(" ")
    )


def normals(
    texts: pl.Series, in_latin: pl.Series | None = None, flat_texts: pl.Series | None = None
) -> pl.Series:
    """`detect.normal` of each text: in Polars for texts of ASCII, emoji and Latin-1's
    letters (`latin`: both give the same there), in Python for the others.

    `in_latin` and `flat_texts`, when given, are `latin(texts)` and `flat(texts)`.
    """
    in_polars = latin(texts) if in_latin is None else in_latin
    flat_texts = flat(texts) if flat_texts is None else flat_texts
    if in_polars.all():
        return flat_texts
    others = (~in_polars).arg_true()
    by_python = [normal(t) for t in texts.gather(others).to_list()]
    return flat_texts.scatter(others, pl.Series(by_python, dtype=pl.String))
