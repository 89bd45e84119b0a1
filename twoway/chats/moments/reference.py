"""The plain reading of a chat's moments, one message at a time: the specification.

`find_moments_reference` gives exactly what `twoway.chats.moments.find_moments`
gives, the slow and obvious way: every candidate message is read in Python, in
order, its context gathered from the messages before it. `find_moments` gets the
same table by reading each distinct text once and joining the results back with
Polars; the suite checks that the two agree on the labelled set and on generated
chats, so this module is what to read to know what `find_moments` does.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

import polars as pl

from twoway.chats.moments.detect import (
    DEFAULT_THRESHOLD,
    Found,
    context_before,
    language_of,
    read_message,
    words,
)
from twoway.chats.moments.find import (
    MOMENT_SCHEMA,
    Moments,
    empty_moments,
    load_languages,
)
from twoway.chats.moments.first_pass import triggered
from twoway.chats.moments.languages import UNSCORED_WORDS, chat_language
from twoway.chats.moments.rules import MomentRules

__all__ = ["find_moments_reference"]


def find_moments_reference(
    messages: pl.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    languages: Sequence[str | MomentRules] | None = None,
) -> Moments:
    """Every moment of care in `messages`, read one message at a time (see `find_moments`)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"the moments threshold is a number from 0 to 1, not {threshold}")
    langs = load_languages(languages)
    frame = messages.select("at", "sender", "text", "kind", "position")
    is_text = (pl.col("kind") == "text") & pl.col("text").is_not_null()
    texts_read = int(frame.select(is_text.sum()).item())
    if not langs or frame.height == 0:
        return Moments(empty_moments(), threshold, "rules", 0, texts_read)
    cue = triggered(frame["text"].fill_null(""), langs)
    candidates = (
        frame.with_columns(cue=cue).select(pl.arg_where(is_text & pl.col("cue"))).to_series()
    ).to_list()

    at = frame["at"].to_list()
    senders = frame["sender"].to_list()
    texts = frame["text"].to_list()
    kinds = frame["kind"].to_list()
    positions = frame["position"].to_list()
    by_code = {lang.code: lang for lang in langs}
    # every text message's language: a code, None (cannot tell) or "-" (not covered);
    # a writer's usual language is the one most of their text messages are in
    detected: dict[int, str | None] = {}
    usual: dict[str | None, Counter[str]] = {}
    for row in (r for r, kind in enumerate(kinds) if kind == "text" and texts[r] is not None):
        code, n_words = language_of(texts[row], langs)
        no_marker = code is None and n_words == 0
        long_enough = len(words(texts[row])) >= UNSCORED_WORDS
        detected[row] = "-" if no_marker and long_enough else code
        if code:
            usual.setdefault(senders[row], Counter())[code] += 1
    left_out = sum(code == "-" for code in detected.values())
    fallback = chat_language(frame.filter(pl.col("kind") == "text")["text"], langs)

    out: dict[str, list[object]] = {name: [] for name in MOMENT_SCHEMA}
    for row in candidates:
        code = detected[row]
        if code == "-":
            continue  # a sentence in a language the rules do not cover
        mine = usual.get(senders[row])
        own = mine.most_common(1)[0][0] if mine else fallback
        found_any: list[Found] = []
        for tried in dict.fromkeys(c for c in (code, own) if c is not None):
            lang = by_code[tried]
            context = functools.partial(context_before, row, at, senders, texts, kinds, lang)
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
    if "file" in messages.columns:
        table = table.with_columns(file=messages["file"].gather(table["row"]))
    return Moments(table, threshold, "rules", left_out, texts_read)
