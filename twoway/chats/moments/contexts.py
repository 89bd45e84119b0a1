"""What the other person's messages before a candidate show: bad news, good news, friction.

`find_moments` reads a candidate again in its context only when its reading
depends on it; `contexts_before` gathers those contexts for many messages at
once, as `detect.context_before` does for one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import polars as pl

from twoway.chats.moments.detect import (
    CONTEXT_MESSAGES,
    CONTEXT_ROWS,
    CONTEXT_WINDOW,
    context_of,
)
from twoway.chats.moments.rules import CONTEXTS, MomentRules

__all__ = ["contexts_before", "mask", "unmask"]


def mask(found: frozenset[str]) -> int:
    """A set of contexts as bits, in the order of `CONTEXTS`."""
    return sum(1 << i for i, name in enumerate(CONTEXTS) if name in found)


def unmask(bits: int) -> frozenset[str]:
    """The set of contexts that `bits` (`mask`) holds."""
    return frozenset(name for i, name in enumerate(CONTEXTS) if bits >> i & 1)


def contexts_before(
    wanted: pl.DataFrame,
    frame: pl.DataFrame,
    ids: pl.Series,
    distinct: pl.DataFrame,
    by_code: Mapping[str, MomentRules],
) -> pl.DataFrame:
    """What the other person's recent messages show before each (row, language) of `wanted`.

    As `context_before` reads it, for many rows at once: the messages up to
    `CONTEXT_ROWS` before, until one is more than `CONTEXT_WINDOW` older; of those,
    the other person's first `CONTEXT_MESSAGES` text messages. `ids` is each row's
    text id (null but for a text message with some text), `distinct` the texts by
    id (`tid`, `text`, and as the patterns read it: `read`, `coded`, `level`, as
    `find_moments` makes them); each distinct
    text among them is read once per language. A `context` column of bits (`mask`).
    """
    schema = pl.Schema({"row": pl.Int64(), "language": pl.String(), "context": pl.Int64()})
    if wanted.height == 0:
        return pl.DataFrame(schema=schema)
    rows = wanted["row"].unique()
    at, sender = frame["at"], frame["sender"]
    when, writer = at.gather(rows), sender.gather(rows)
    # one step back at a time, for every row at once (as `context_before` walks back)
    stopped = pl.Series([False] * rows.len())
    heard_so_far = pl.Series([0] * rows.len())
    steps = []
    for step in range(1, CONTEXT_ROWS + 1):
        before = rows - step
        inside = before >= 0
        at_i = before.clip(0)
        then = at.gather(at_i)
        stopped = stopped | ~inside | ((when - then) > CONTEXT_WINDOW).fill_null(False)
        said = ids.gather(at_i)
        heard = (~stopped & sender.gather(at_i).ne_missing(writer) & said.is_not_null()).fill_null(
            False
        )
        heard_so_far = heard_so_far + heard.cast(pl.Int64)
        taken = heard & (heard_so_far <= CONTEXT_MESSAGES)
        steps.append(pl.DataFrame({"row": rows.filter(taken), "tid": said.filter(taken)}))
    near = pl.concat(steps).join(wanted, on="row")
    pairs = (
        near.select("tid", "language")
        .unique()
        .join(distinct.select("tid", "text", "read", "coded", "level"), on="tid")
    )
    shows = _shown(pairs, by_code)
    return (
        near.join(shows, on=["tid", "language"])
        .group_by("row", "language")
        .agg(context=pl.col("context").bitwise_or())
        .cast(schema)
    )


def _seen(hits: frozenset[str], _text: str, name: str) -> bool:
    return name in hits


def _shown(pairs: pl.DataFrame, by_code: Mapping[str, MomentRules]) -> pl.DataFrame:
    """What each (text id, language) of `pairs` shows as context, as bits (`mask`).

    Polars runs each context's patterns. On a text of ASCII, emoji and the common
    Latin letters its answer is exact (`polars_forms.exactness`, `latin_codes`);
    elsewhere `re` confirms what it found.
    """
    schema = pl.Schema({"tid": pl.Int64(), "language": pl.String(), "context": pl.Int64()})
    out: dict[str, list[object]] = {"tid": [], "language": [], "context": []}
    done = []
    for code, group in pairs.partition_by("language", as_dict=True).items():
        lang = by_code[str(code[0])]
        # the exactness levels its exact forms cover (-1: none, 0: ASCII and emoji, 1:
        # the common Latin letters too, on the coded text) and the texts they read
        if lang.context_latin:
            exact_up_to, forms, exact_text = 1, lang.context_latin, group["coded"]
        elif lang.context_ascii:
            exact_up_to, forms, exact_text = 0, lang.context_ascii, group["read"]
        else:
            exact_up_to, forms, exact_text = -1, {}, group["read"]
        level = group["level"]
        flat = group["read"]
        bits = pl.zeros(group.height, pl.Int64, eager=True)
        # each text read by one pattern: the exact one where it is exact, else the fast
        # one (`re` then confirms what it found)
        exact_rows = (level <= exact_up_to).arg_true()
        other_rows = (level > exact_up_to).arg_true()
        for i, name in enumerate(CONTEXTS):
            fast = lang.context_polars.get(name)
            if fast is None:
                continue
            at = [other_rows.filter(flat.gather(other_rows).str.contains(fast))]
            if name in forms:
                at.append(
                    exact_rows.filter(exact_text.gather(exact_rows).str.contains(forms[name]))
                )
            for rows in at:
                bits = bits.scatter(rows, bits.gather(rows) | (1 << i))
        group = group.with_columns(bits=bits)
        is_exact = pl.col("level") <= exact_up_to
        done.append(
            group.filter(is_exact & (pl.col("bits") > 0)).select(
                "tid", language=pl.lit(lang.code), context="bits"
            )
        )
        unsure = group.filter(~is_exact & (pl.col("bits") > 0)).select("tid", "text", "bits")
        for tid, said, held in unsure.iter_rows():
            hits = unmask(held)
            found = context_of([said], lang, functools.partial(_seen, hits))
            if found:
                out["tid"].append(tid)
                out["language"].append(lang.code)
                out["context"].append(mask(found))
    return pl.concat([*done, pl.DataFrame(out, schema=schema)]).cast(schema)
