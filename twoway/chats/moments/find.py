"""`find_moments`: every moment of care in a chat's message table (see the package)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import polars as pl

from twoway.chats.moments.detect import (
    DEFAULT_THRESHOLD,
    Found,
    context_of,
    language_of,
    read_message,
    words,
)
from twoway.chats.moments.rules import MomentRules, rules, shipped_rules

#: The columns of `Moments.frame`, in this order.
MOMENT_SCHEMA: Final = pl.Schema(
    [
        ("at", pl.Datetime("us")),
        ("by", pl.String()),
        ("kind", pl.String()),
        ("style", pl.String()),
        ("confidence", pl.Float64()),
        ("language", pl.String()),
        ("position", pl.Int64()),
        ("text", pl.String()),
        ("row", pl.Int64()),
    ]
)

#: How far back the other person's messages still set the context of a reply.
CONTEXT_WINDOW: Final = timedelta(hours=12)
#: At most this many of the other person's messages are read as context.
CONTEXT_MESSAGES: Final = 3
#: How many text messages, spread over the chat, say which language it is mostly in.
CHAT_SAMPLE: Final = 500
#: A message of at least this many words using no covered language's marker words is
#: taken to be in another language, and left unscored.
UNSCORED_WORDS: Final = 5


@dataclass(frozen=True)
class Moments:
    """The moments of one chat, and what was read to find them."""

    #: one row per moment at or above the threshold (`MOMENT_SCHEMA`), in message order
    frame: pl.DataFrame
    threshold: float
    #: which layer ran: "rules" (the model layer is not part of this version)
    layer: str
    #: text messages in a language the rules do not cover, left unscored
    unscored: int
    #: text messages read
    messages: int


def empty_moments() -> pl.DataFrame:
    """A moments table with no rows."""
    return pl.DataFrame(schema=MOMENT_SCHEMA)


def find_moments(
    messages: pl.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    languages: Sequence[str | MomentRules] | None = None,
) -> Moments:
    """Every moment of care in `messages` (`MESSAGE_SCHEMA`, in time order).

    A `file` column of `messages` (which export a merged message came from)
    follows each moment.
    Only moments whose confidence is at least `threshold` are kept; below it
    twoway abstains. `languages` are codes or loaded rules; None reads every
    shipped language.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"the moments threshold is a number from 0 to 1, not {threshold}")
    langs = _rules(languages)
    frame = messages.select("at", "sender", "text", "kind", "position")
    is_text = (pl.col("kind") == "text") & pl.col("text").is_not_null()
    texts_read = int(frame.select(is_text.sum()).item())
    if not langs or frame.height == 0:
        return Moments(empty_moments(), threshold, "rules", 0, texts_read)
    # Each language's lists are run one at a time: many small expressions stay on the
    # regex engine's fast path, one huge one does not.
    cue = pl.any_horizontal(pl.col("text").str.contains(t) for lang in langs for t in lang.triggers)
    rows = frame.select(pl.arg_where(is_text & cue))
    candidates = rows.to_series().to_list()
    unscored = _unscored(frame.filter(is_text)["text"], langs)

    at = frame["at"].to_list()
    senders = frame["sender"].to_list()
    texts = frame["text"].to_list()
    kinds = frame["kind"].to_list()
    positions = frame["position"].to_list()
    by_code = {lang.code: lang for lang in langs}
    detected: dict[int, str | None] = {}
    usual: dict[str, Counter[str]] = {}
    for row in candidates:
        code, n_words = language_of(texts[row], langs)
        no_marker = code is None and n_words == 0
        long_enough = len(words(texts[row])) >= UNSCORED_WORDS
        detected[row] = "-" if no_marker and long_enough else code
        if code:
            usual.setdefault(senders[row], Counter())[code] += 1
    fallback = _chat_language(texts, kinds, langs)

    out: dict[str, list[object]] = {name: [] for name in MOMENT_SCHEMA}
    for row in candidates:
        code = detected[row]
        if code == "-":
            continue  # a sentence in a language the rules do not cover
        mine = usual.get(senders[row])
        own = mine.most_common(1)[0][0] if mine else fallback
        # a message too short to tell is read in its writer's usual language; a message
        # in one language that holds nothing is read again in the writer's usual one
        # ("merci, du bist die Beste" from someone who writes German)
        found_any: list[Found] = []
        for tried in dict.fromkeys(c for c in (code, own) if c is not None):
            lang = by_code[tried]
            context = functools.partial(_context, row, at, senders, texts, kinds, lang)
            found_any = read_message(texts[row], lang, context)
            if found_any:
                code = tried
                break
        for found in found_any:
            if found.confidence < threshold:
                continue
            for name, value in (
                ("at", at[row]),
                ("by", senders[row]),
                ("kind", found.kind),
                ("style", found.style),
                ("confidence", found.confidence),
                ("language", code),
                ("position", positions[row]),
                ("text", texts[row]),
                ("row", row),
            ):
                out[name].append(value)
    table = pl.DataFrame(out, schema=MOMENT_SCHEMA)
    if "file" in messages.columns:  # which export a merged message came from
        table = table.with_columns(file=messages["file"].gather(table["row"]))
    return Moments(table, threshold, "rules", unscored, texts_read)


def _context(
    row: int,
    at: list[datetime | None],
    senders: list[str | None],
    texts: list[str | None],
    kinds: list[str | None],
    lang: MomentRules,
) -> frozenset[str]:
    """What the other person's recent messages show, read in `lang`."""
    return context_of(_recent(row, at, senders, texts, kinds), lang)


def _recent(
    row: int,
    at: list[datetime | None],
    senders: list[str | None],
    texts: list[str | None],
    kinds: list[str | None],
) -> list[str]:
    """The other person's last few text messages before `row`, within the context window."""
    out: list[str] = []
    when = at[row]
    i = row - 1
    while i >= 0 and len(out) < CONTEXT_MESSAGES and row - i <= 8:
        then = at[i]
        if when is not None and then is not None and when - then > CONTEXT_WINDOW:
            break
        text = texts[i]
        if senders[i] != senders[row] and kinds[i] == "text" and text:
            out.append(text)
        i -= 1
    return out


def _chat_language(
    texts: list[str | None], kinds: list[str | None], langs: Sequence[MomentRules]
) -> str:
    """The language most of a sample of the chat's text messages are in (the first if none)."""
    rows = [i for i, k in enumerate(kinds) if k == "text" and texts[i]]
    step = max(1, len(rows) // CHAT_SAMPLE)
    counted: Counter[str] = Counter()
    for i in rows[::step]:
        code, _ = language_of(texts[i] or "", langs)
        if code:
            counted[code] += 1
    return counted.most_common(1)[0][0] if counted else langs[0].code


def _unscored(texts: pl.Series, langs: Sequence[MomentRules]) -> int:
    """How many texts have enough words to tell, and none of any covered language's markers."""
    markers = sorted({m for lang in langs for m in lang.markers})
    hints = "[ßäöüñ¿¡çœêèàâîôûù]"
    words = texts.str.to_lowercase().str.extract_all(r"\p{L}+(?:['’]\p{L}+)?")
    frame = pl.DataFrame({"words": words, "hint": texts.str.contains(hints)})
    counted = frame.select(
        (
            (pl.col("words").list.len() >= UNSCORED_WORDS)
            & ~pl.col("hint")
            & (pl.col("words").list.eval(pl.element().is_in(markers).any()).list.first().not_())
        ).sum()
    )
    return int(counted.item())


def _rules(languages: Sequence[str | MomentRules] | None) -> list[MomentRules]:
    if languages is None:
        return [rules(code) for code in shipped_rules()]
    if isinstance(languages, str):
        languages = [languages]
    return [lang if isinstance(lang, MomentRules) else rules(lang) for lang in languages]
