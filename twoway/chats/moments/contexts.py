"""What the messages before a candidate show: the other person's bad news, good news,
friction, and the writer's own complaint just before (`OWN_FRICTION`).

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
from twoway.chats.moments.rules import CONTEXTS, OWN_FRICTION, MomentRules

__all__ = ["contexts_before", "mask", "unmask"]


#: Every context a message may have, in the order of its bit (`mask`).
_BITS = (*CONTEXTS, OWN_FRICTION)
_FRICTION = 1 << CONTEXTS.index("friction")
_OWN_FRICTION = 1 << _BITS.index(OWN_FRICTION)


def mask(found: frozenset[str]) -> int:
    """A set of contexts as bits, in the order of `CONTEXTS`, then `OWN_FRICTION`."""
    return sum(1 << i for i, name in enumerate(_BITS) if name in found)


def unmask(bits: int) -> frozenset[str]:
    """The set of contexts that `bits` (`mask`) holds."""
    return frozenset(name for i, name in enumerate(_BITS) if bits >> i & 1)


def contexts_before(
    wanted: pl.DataFrame,
    frame: pl.DataFrame,
    ids: pl.Series,
    distinct: pl.DataFrame,
    by_code: Mapping[str, MomentRules],
) -> pl.DataFrame:
    """What the messages before each (row, language) of `wanted` show.

    As `context_before` reads it, for many rows at once: the messages up to
    `CONTEXT_ROWS` before, until one is more than `CONTEXT_WINDOW` older; of those,
    the other person's first `CONTEXT_MESSAGES` text messages, and the writer's own
    (as many at most) until the first message of someone else (`own_before`), read
    for friction alone (`OWN_FRICTION`). `ids` is each row's
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
    # the writer's own run: ended by the first message of someone else
    run_over = pl.Series([False] * rows.len())
    own_so_far = pl.Series([0] * rows.len())
    steps, own_steps = [], []
    for step in range(1, CONTEXT_ROWS + 1):
        before = rows - step
        inside = before >= 0
        at_i = before.clip(0)
        then = at.gather(at_i)
        stopped = stopped | ~inside | ((when - then) > CONTEXT_WINDOW).fill_null(False)
        said = ids.gather(at_i)
        other = sender.gather(at_i).ne_missing(writer)
        heard = (~stopped & other & said.is_not_null()).fill_null(False)
        heard_so_far = heard_so_far + heard.cast(pl.Int64)
        taken = heard & (heard_so_far <= CONTEXT_MESSAGES)
        steps.append(pl.DataFrame({"row": rows.filter(taken), "tid": said.filter(taken)}))
        run_over = run_over | stopped | other
        mine = (~run_over & said.is_not_null()).fill_null(False)
        own_so_far = own_so_far + mine.cast(pl.Int64)
        kept = mine & (own_so_far <= CONTEXT_MESSAGES)
        own_steps.append(pl.DataFrame({"row": rows.filter(kept), "tid": said.filter(kept)}))
    near = pl.concat(steps).join(wanted, on="row")
    own = pl.concat(own_steps).join(wanted, on="row")
    pairs = (
        pl.concat([near.select("tid", "language"), own.select("tid", "language")])
        .unique()
        .join(distinct.select("tid", "text", "read", "coded", "level"), on="tid")
    )
    shows = _shown(pairs, by_code)
    # of the writer's own messages only friction counts, as its own bit
    own_shows = shows.filter(pl.col("context") & _FRICTION != 0).with_columns(
        context=pl.lit(_OWN_FRICTION, pl.Int64)
    )
    return (
        pl.concat(
            [
                near.join(shows, on=["tid", "language"]),
                own.join(own_shows, on=["tid", "language"]),
            ]
        )
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
