"""`find_moments`: every moment of care in a chat's message table (see the package).

**How it stays fast.** A chat says the same things again and again ("ok",
"haha", "thanks ❤️"), and what a message's text holds does not depend on where it
stands, only on what the other person wrote just before it. So:

1. the text messages are grouped by text (Polars), and each distinct text's
   language is told (`languages.languages_of`): the language it is read in, and
   its writer's usual one if that finds nothing;
2. each distinct text is tested once against the first-pass patterns of the
   languages it is read in, joined a few lists at a time (Polars): the few that
   match are the candidates. Polars then finds which pattern lists match them
   (exactly, on a text of ASCII, emoji and the common Latin letters:
   `polars_forms.exactness`); each (language, lists matched, context) is then read once
   in Python: the moments it holds, or the fact that what it holds depends on
   its context (`read_message` asked for it); a text Polars cannot read exactly
   is read on its own;
3. those readings are joined back onto the candidate messages (Polars, by an
   integer id per distinct text, not by the text itself); only the messages
   whose reading depends on the context are read again, with what the other
   person's messages before them show (`contexts.contexts_before`).

`twoway.chats.moments.reference` reads every candidate message in Python, in
order; the suite checks that both give the same table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from twoway.chats.moments.contexts import contexts_before, unmask
from twoway.chats.moments.detect import (
    DEFAULT_THRESHOLD,
    only_emoji,
    read_message,
)
from twoway.chats.moments.first_pass import Pieces, first_pass_pairs
from twoway.chats.moments.languages import (
    UNSCORED_WORDS,
    chat_language,
    flat,
    languages_of,
    latin,
    normals,
)
from twoway.chats.moments.latin_codes import coded
from twoway.chats.moments.polars_forms import exactness, polars_text
from twoway.chats.moments.rules import MomentRules, rules, shipped_rules

__all__ = [
    "MOMENT_SCHEMA",
    "Moments",
    "empty_moments",
    "find_moments",
    "load_languages",
]

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

#: What a distinct text holds in one language: moments, none, or (read without its
#: context) it depends on the context.
_FOUND, _NOTHING, _DEPENDS = "found", "nothing", "depends"


@dataclass(frozen=True)
class Moments:
    """The moments of one chat, and what was read to find them."""

    #: one row per moment at or above the threshold (`MOMENT_SCHEMA`), in message order
    frame: pl.DataFrame
    threshold: float
    #: which layer ran: "rules", "rules+model" (`model.find_moments_read`), or "off"
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
    langs = load_languages(languages)
    frame = messages.select("at", "sender", "text", "kind", "position")
    is_text = (pl.col("kind") == "text") & pl.col("text").is_not_null()
    texts_read = int(frame.select(is_text.sum()).item())
    if not langs or frame.height == 0:
        return Moments(empty_moments(), threshold, "rules", 0, texts_read)
    rows = (
        frame.with_row_index("row")
        .filter(is_text)
        .select(pl.col("row").cast(pl.Int64), "at", "sender", "text", "position")
        # each distinct text's id: the first row that has it (later joins are on ids,
        # much cheaper than on the strings)
        .with_columns(tid=pl.col("row").first().over("text"))
    )
    distinct = rows.group_by("tid").agg(pl.col("text").first(), n=pl.len())
    # the steps of `normal` Polars takes alike on every text (the rest: `_languages`)
    distinct = distinct.with_columns(flat=flat(distinct["text"]))
    by_code = {lang.code: lang for lang in langs}
    texts = _languages(distinct.select("tid", "text", "flat"), langs).with_columns(
        # the text as the Polars patterns read it, and which of their forms read it exactly
        read=polars_text(pl.col("normal")),
        level=exactness(pl.col("normal")),
    )
    texts = texts.with_columns(coded=coded(pl.col("read"))).drop("normal")
    distinct = distinct.select("tid", "n")  # (`flat` is a copy of every text)
    left_out = int(distinct.join(texts.filter(pl.col("code") == "-"), on="tid")["n"].sum())
    # each writer's distinct texts, with how often and first where: a chat repeats itself
    writers = (
        rows.group_by("sender", "tid")
        .agg(n=pl.len(), row=pl.col("row").min())
        .join(texts.select("tid", "code"), on="tid")
    )
    told = _with_languages(writers, rows, langs)
    pairs = pl.concat(
        [told.select("tid", language="first"), told.select("tid", language="second").drop_nulls()]
    ).unique()
    # each text tested against the pieces of the languages it is read in, no others; the
    # few that match then get the rest of what is read of them (a chat's texts, copied for
    # each language they are read in, are much of the moments' memory)
    pairs, pieces = first_pass_pairs(pairs.join(texts.select("tid", "read"), on="tid"), langs)
    pairs = pairs.join(texts.select("tid", "text", "coded", "level"), on="tid")
    if pairs.height == 0:
        table = _with_file(empty_moments(), messages)
        return Moments(table, threshold, "rules", left_out, texts_read)
    # the candidates: the messages with a text that matched in a language they are read in
    matched = pairs.select("tid", "language")
    read_in = pl.concat(
        [
            told.join(matched, left_on=["tid", which], right_on=["tid", "language"], how="semi")
            for which in ("first", "second")
        ]
    ).unique(["sender", "tid"])
    # (a message the export names no writer for is one writer's, as in `_with_languages`)
    candidates = rows.join(
        read_in.select("sender", "tid", "first", "second"), on=["sender", "tid"], nulls_equal=True
    )
    maybe = _maybe(pairs, by_code, pieces)
    readings, found = _read(pairs.with_columns(context=pl.lit(_NO_CONTEXT)), maybe, by_code)
    candidates = _reading(candidates, readings, "first", _NO_CONTEXT)
    candidates = _reading(candidates, readings, "second", _NO_CONTEXT)
    # the messages whose reading depends on their context: what the other person wrote
    # before each one, then each distinct (text, language, context) read once
    depends = pl.concat(
        [
            candidates.filter(pl.col(f"{which}_reading") == _DEPENDS).select(
                "row", "tid", language=which
            )
            for which in ("first", "second")
        ]
    )
    said = rows.filter(pl.col("text") != "")
    ids = pl.repeat(None, frame.height, dtype=pl.Int64, eager=True).scatter(
        said["row"], said["tid"]
    )
    contexts = contexts_before(
        depends.select("row", "language").unique(),
        frame,
        ids,
        texts.select("tid", "text", "read", "coded", "level"),
        by_code,
    )
    depends = depends.join(contexts, on=["row", "language"], how="left").with_columns(
        pl.col("context").fill_null(0)
    )
    again = depends.select("tid", "language", "context").unique()
    more, more_found = _read(again.join(texts.select("tid", "text"), on="tid"), maybe, by_code)
    readings, found = pl.concat([readings, more]), pl.concat([found, more_found])
    for which in ("first", "second"):
        candidates = candidates.join(
            depends.select("row", "context", **{which: "language"}),
            on=["row", which],
            how="left",
        ).rename({"context": f"{which}_context"})
        candidates = candidates.with_columns(
            pl.col(f"{which}_context").fill_null(_NO_CONTEXT)
        ).drop(f"{which}_reading")
        candidates = _reading(candidates, readings, which, None)
    # a language whose pieces the text did not match has no reading: it finds nothing there
    one, two = (pl.col(f"{w}_reading").fill_null(_NOTHING) for w in ("first", "second"))
    chosen = (
        candidates.with_columns(
            language=pl.when(one == _FOUND)
            .then(pl.col("first"))
            .when((one == _NOTHING) & (two == _FOUND))
            .then(pl.col("second")),
            context=pl.when(one == _FOUND)
            .then(pl.col("first_context"))
            .otherwise(pl.col("second_context")),
        )
        .filter(pl.col("language").is_not_null())
        .join(found, on=["tid", "language", "context"])
    )
    table = (
        chosen.select(_COLUMNS)
        .filter(pl.col("confidence") >= threshold)
        .sort("row", "order")
        .rename({"sender": "by"})
        .select(MOMENT_SCHEMA.names())
        .cast(MOMENT_SCHEMA)
    )
    return Moments(_with_file(table, messages), threshold, "rules", left_out, texts_read)


#: The columns a found moment has on its way to `MOMENT_SCHEMA` (`order`: its place
#: among the moments of its message).
_COLUMNS: Final = (
    "row",
    "order",
    "at",
    "sender",
    "kind",
    "style",
    "confidence",
    "language",
    "position",
    "text",
)
_READING_SCHEMA: Final = pl.Schema(
    [
        ("tid", pl.Int64()),
        ("language", pl.String()),
        ("context", pl.Int64()),
        ("reading", pl.String()),
    ]
)
_FOUND_SCHEMA: Final = pl.Schema(
    [
        ("tid", pl.Int64()),
        ("language", pl.String()),
        ("context", pl.Int64()),
        ("order", pl.Int64()),
        ("kind", pl.String()),
        ("style", pl.String()),
        ("confidence", pl.Float64()),
    ]
)


def _with_file(table: pl.DataFrame, messages: pl.DataFrame) -> pl.DataFrame:
    """`table` with the `file` of each moment's message, when the messages say it."""
    if "file" not in messages.columns:
        return table
    return table.with_columns(file=messages["file"].gather(table["row"]))


def _languages(cue_texts: pl.DataFrame, langs: Sequence[MomentRules]) -> pl.DataFrame:
    """Each distinct text's language: a code, None (cannot tell) or "-" (not covered).

    And the text as the patterns read it (`normal`): in Polars for texts of ASCII,
    emoji and Latin-1's letters (`languages.latin`: both give the same there), in
    Python for the others.
    """
    text = cue_texts["text"]
    # which texts Polars reads as Python does, told once for both
    in_latin = latin(text)
    told = languages_of(text, langs, in_latin)
    normal_texts = normals(text, in_latin, cue_texts["flat"])
    # a sentence in a language the rules do not cover
    other = (pl.col("code").is_null() & (pl.col("words") == 0)) & (
        pl.col("tokens") >= UNSCORED_WORDS
    )
    return told.select(
        tid=cue_texts["tid"].cast(pl.Int64),
        text=text,
        code=pl.when(other).then(pl.lit("-")).otherwise(pl.col("code")),
        normal=normal_texts,
    )


def _with_languages(
    writers: pl.DataFrame, rows: pl.DataFrame, langs: Sequence[MomentRules]
) -> pl.DataFrame:
    """Each writer's texts with the languages to read them in: `first`, then `second` if any.

    `writers` has one row per writer (`sender`) and distinct text (`tid`): how many
    messages (`n`), the first one's `row`, the text's `code`. A message is read in
    its own language, then (if that finds nothing) in its writer's usual one: the
    language most of the writer's text messages are in, the first met on a tie. A
    message too short to tell is read in the usual one alone; a writer with no
    message in a known language has the chat's language. A message in a language
    not covered (code "-") is left out.
    """
    told = pl.col("code").is_not_null() & (pl.col("code") != "-")
    usual = (
        writers.filter(told)
        .group_by("sender", "code")
        .agg(pl.col("n").sum(), first=pl.col("row").min())
        .sort(["n", "first"], descending=[True, False])
        .group_by("sender", maintain_order=True)
        .agg(own=pl.col("code").first())
    )
    out = writers.filter(pl.col("code").ne_missing("-")).join(
        usual, on="sender", how="left", nulls_equal=True
    )
    if out["own"].null_count():
        out = out.with_columns(pl.col("own").fill_null(chat_language(rows["text"], langs)))
    return out.with_columns(
        first=pl.coalesce("code", "own"),
        second=pl.when(pl.col("code").is_not_null() & (pl.col("own") != pl.col("code"))).then(
            pl.col("own")
        ),
    )


class _ContextAsked(Exception):
    """`read_message` wanted the context: what the text holds depends on where it stands."""


def _no_context() -> frozenset[str]:
    raise _ContextAsked


#: The `context` of a reading made without the message's context (it did not need it).
_NO_CONTEXT: Final = -1


def _maybe(
    pairs: pl.DataFrame,
    by_code: Mapping[str, MomentRules],
    pieces: Pieces,
) -> pl.DataFrame:
    """Which pattern lists may match each (text id, language), as Polars' regex engine sees it.

    Polars runs the lists of the language over the distinct texts, each list only
    on the texts a first-pass piece holding it matched (`pieces`: each language's
    piece columns of `pairs` and the lists they hold; a vetoes list, in no piece, on
    the texts its kind's own lists matched). On a text of ASCII, emoji and the
    common Latin letters (coded: `latin_codes`) its answer is exact
    (`polars_forms.exactness`); elsewhere its patterns match wherever `re`'s do, and
    sometimes more: `re` then runs the lists Polars found, and only those.
    One row per pair: `tid`, `language`, `hits` (bit i: the language's list
    `MomentRules.list_keys[i]` may match), `exact`, and `by_hits` (the reading
    depends on the hits alone: exact, and not emoji alone).
    """
    # only the columns read: each filter below copies what it keeps
    columns = {c for shown in pieces.values() for c, _ in shown}
    pairs = pairs.select(
        "tid", "language", "read", "coded", "level", *(c for c in pairs.columns if c in columns)
    )
    out = []
    for code, group in pairs.partition_by("language", as_dict=True).items():
        lang = by_code[str(code[0])]
        bit = {key: 1 << i for i, key in enumerate(lang.list_keys)}
        sections = lang.sections.values()
        parts: list[tuple[pl.DataFrame, str]] = []
        left = group
        # the texts read exactly: of ASCII, emoji and the common Latin letters (coded),
        # or of ASCII and emoji alone where a list has no coded form
        for level, variant in ((1, "latin"), (0, "ascii")):
            if all(len(getattr(s, variant)) == len(s.polars) for s in sections):
                parts.append((left.filter(pl.col("level") <= level), variant))
                left = left.filter(pl.col("level") > level)
                break
        parts.append((left, "polars"))
        shown = pieces.get(lang.code, [])
        covered = set().union(*(keys for _, keys in shown))
        for part, variant in parts:
            if part.height == 0:
                continue
            lists = {
                (name, key): p
                for name, s in lang.sections.items()
                for key, p in getattr(s, variant).items()
            }
            # a veto matters only where its section's own lists hit (`detect._score`):
            # each runs last, on those rows alone
            vetoes = sorted(k for k in lists if k not in covered)
            # each list runs where a piece holding it matched (split over pieces: any of them)
            holders: dict[tuple[str, str], list[str]] = {}
            for column, held in shown:
                for key in held & lists.keys():
                    holders.setdefault(key, []).append(column)
            runs: dict[tuple[str, ...], list[tuple[str, str]]] = {}
            for key, holding in sorted(holders.items()):
                runs.setdefault(tuple(holding), []).append(key)
            # each run reads the rows of its piece
            flat = part["coded" if variant == "latin" else "read"]
            hits = pl.zeros(part.height, pl.Int64, eager=True)
            for together, run in runs.items():
                rows = part.select(pl.any_horizontal(together)).to_series().arg_true()
                hits = _hits(hits, flat, rows, run, lists, bit)
            for key in vetoes:
                own = sum(bit[k] for k in lang.list_keys if k[0] == key[0] and k != key)
                rows = (hits & own != 0).arg_true()
                hits = _hits(hits, flat, rows, [key], lists, bit)
            exact_part = variant != "polars"
            # with exact hits, a text with a letter or digit (not emoji alone) reads as its
            # hits say; Python's `[^\W_]` and Polars' agree on an exact text
            by_hits = pl.col("read").str.contains(r"[^\W_]") if exact_part else pl.lit(False)
            out.append(
                part.select(
                    "tid",
                    language=pl.lit(lang.code),
                    hits=hits,
                    exact=pl.lit(exact_part),
                    by_hits=by_hits,
                )
            )
    return pl.concat(out)


def _hits(
    hits: pl.Series,
    flat: pl.Series,
    rows: pl.Series,
    keys: Sequence[tuple[str, str]],
    lists: Mapping[tuple[str, str], str],
    bit: Mapping[tuple[str, str], int],
) -> pl.Series:
    """`hits` with the bits of the lists `keys` that match the texts `flat` at `rows`."""
    if not keys or rows.len() == 0:
        return hits
    said = flat.gather(rows)
    found = pl.DataFrame({"t": said}).select(
        pl.col("t").str.contains(lists[key]).alias(str(i)) for i, key in enumerate(keys)
    )
    for i, key in enumerate(keys):
        at = rows.filter(found[str(i)])
        if at.len():
            hits = hits.scatter(at, hits.gather(at) | bit[key])
    return hits


def _read(
    wanted: pl.DataFrame,
    maybe: pl.DataFrame,
    by_code: Mapping[str, MomentRules],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read each (text, language, context) of `wanted` once; a text is known by its `tid`.

    `context` is `_NO_CONTEXT` (read without it: the reading is `depends` if the
    text needed it) or the bits of what the other person's messages before showed.
    Two tables: `tid, language, context, reading` (found, nothing or depends) and,
    for the found ones, one row per moment (`_FOUND_SCHEMA`).

    With exact hits, on a text with a letter or digit (so not emoji alone), the
    moments depend on the hits, the language and the context only, not on the
    text: each such key is read once, and joined back onto its texts.
    """
    table = (
        wanted.select("tid", "text", "language", "context")
        .join(maybe, on=["tid", "language"], how="left")
        .with_columns(pl.col("by_hits").fill_null(False))
    )
    by_key = table.filter("by_hits")
    keys = by_key.group_by("language", "hits", "context").agg(pl.col("text").first())
    one = _read_rows(keys.select("text", "language", "context", "hits"), by_code, exact=True)
    on = ["language", "hits", "context"]
    key_readings = keys.select(*on).hstack(one[0])
    readings = by_key.join(key_readings, on=on).select(*_READING_SCHEMA)
    found = (
        by_key.join(keys.with_row_index("key").select("key", *on), on=on)
        .join(one[1], on="key")
        .select(*_FOUND_SCHEMA)
    )
    rest = table.filter(~pl.col("by_hits"))
    more = _read_rows(
        rest.select("text", "language", "context", pl.col("hits").fill_null(0)),
        by_code,
        exact=rest["exact"].fill_null(False),
    )
    rest_readings = rest.select("tid", "language", "context").hstack(more[0])
    rest_found = (
        rest.with_row_index("key")
        .select("key", "tid", "language", "context")
        .join(more[1], on="key")
        .select(*_FOUND_SCHEMA)
    )
    return (
        pl.concat([readings, rest_readings.select(*_READING_SCHEMA)]).cast(_READING_SCHEMA),
        pl.concat([found, rest_found]).cast(_FOUND_SCHEMA),
    )


def _read_rows(
    rows: pl.DataFrame, by_code: Mapping[str, MomentRules], *, exact: bool | pl.Series
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`read_message` on each row (`text, language, context, hits`), in Python.

    A `reading` column, one row each; and the moments found: `key` (the row's
    place), `order`, `kind`, `style`, `confidence`.
    """
    exacts = [exact] * rows.height if isinstance(exact, bool) else exact.to_list()
    readings: list[str] = []
    found: dict[str, list[object]] = {n: [] for n in ("key", "order", *_KINDS_COLUMNS)}
    for key, ((text, code, bits, hits), is_exact) in enumerate(
        zip(rows.iter_rows(), exacts, strict=True)
    ):
        lang = by_code[code]
        context = _no_context if bits == _NO_CONTEXT else unmask(bits)
        may = frozenset(k for i, k in enumerate(lang.list_keys) if hits >> i & 1)
        if not may and not only_emoji(text):
            readings.append(_NOTHING)  # no pattern of the language can match
            continue
        try:
            moments = read_message(text, lang, context, may, exact=is_exact)
        except _ContextAsked:
            readings.append(_DEPENDS)
            continue
        readings.append(_FOUND if moments else _NOTHING)
        for order, m in enumerate(moments):
            for name, value in zip(found, (key, order, m.kind, m.style, m.confidence), strict=True):
                found[name].append(value)
    schema = pl.Schema(
        {"key": pl.UInt32(), "order": pl.Int64(), **{n: _FOUND_SCHEMA[n] for n in _KINDS_COLUMNS}}
    )
    return (
        pl.DataFrame({"reading": readings}, schema={"reading": pl.String}),
        pl.DataFrame(found, schema=schema),
    )


#: The columns of a found moment that `read_message` gives.
_KINDS_COLUMNS: Final = ("kind", "style", "confidence")


def _reading(
    candidates: pl.DataFrame, readings: pl.DataFrame, which: str, context: int | None
) -> pl.DataFrame:
    """The candidates with the reading of their `which` ("first", "second") language.

    Read without context (`context` is `_NO_CONTEXT`), or (None) in the context
    each message has in its `{which}_context` column.
    """
    on = [pl.col("tid"), pl.col(which)]
    table = readings.rename({"language": which, "reading": f"{which}_reading"})
    if context is None:
        table = table.rename({"context": f"{which}_context"})
        on.append(pl.col(f"{which}_context"))
    else:
        table = table.filter(pl.col("context") == context).drop("context")
    return candidates.join(table, on=on, how="left")


def load_languages(languages: Sequence[str | MomentRules] | None) -> list[MomentRules]:
    """The rules of `languages` (codes or loaded rules); every shipped language for None."""
    if languages is None:
        return [rules(code) for code in shipped_rules()]
    if isinstance(languages, str):
        languages = [languages]
    return [lang if isinstance(lang, MomentRules) else rules(lang) for lang in languages]
