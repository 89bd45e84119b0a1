"""The labelled evaluation set and how the moments are scored against it.

The set lives in `eval/` next to this module, one file per language and part:
`<language>-train.txt`, `-dev.txt`, `-dev2.txt` … `-dev17.txt` and `-chat.txt` (the rules
were tuned on these) and `-heldout.txt`, `-heldout2.txt`, `-heldout3.txt`, `-heldout4.txt`
and `-heldout5.txt` (held out: other people, other phrasing, other conversations; never read
while tuning). See `eval/README.md` for the format and what each part saw. `score` runs
`find_moments` on every conversation and counts, per kind and language, what it found
right, wrongly, and missed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Final

import polars as pl

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.moments.find import find_moments
from twoway.chats.moments.rules import KINDS, STYLES
from twoway.errors import TwowayError

LANGUAGES: Final = ("en", "de", "fr", "es")
SPLITS: Final = (
    "train",
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
    "dev17",
    "chat",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
)
#: Conversation styles whose every message counts as a hard case.
HARD_STYLES: Final = frozenset({"slang", "typo", "emoji", "sarcasm", "mixed"})


@dataclass(frozen=True)
class Labelled:
    """One message of the set: who wrote it, its text and its labels."""

    conversation: str
    style: str
    language: str
    sender: str
    text: str
    #: (kind, style or None) for each moment the message holds; empty: none
    labels: frozenset[tuple[str, str | None]]
    hard: bool
    line: int


@dataclass(frozen=True)
class Conversation:
    """A short made-up conversation of the set."""

    id: str
    style: str
    language: str
    messages: tuple[Labelled, ...]


def load(language: str, split: str) -> list[Conversation]:
    """The conversations of one language's half of the set."""
    name = f"{language}-{split}.txt"
    text = (resources.files("twoway.chats.moments") / "eval" / name).read_text(encoding="utf-8")
    return parse(text, language, name)


def parse(text: str, language: str, source: str) -> list[Conversation]:
    """Conversations from the text of one set file; a bad line names the file and line."""
    out: list[Conversation] = []
    head: tuple[str, str] | None = None
    msgs: list[Labelled] = []

    def close() -> None:
        if head is not None:
            if not msgs:
                raise TwowayError(f"{source}: conversation {head[0]} has no messages")
            out.append(Conversation(head[0], head[1], language, tuple(msgs)))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("== "):
            close()
            parts = line[3:].split()
            style = next((p[6:] for p in parts if p.startswith("style=")), "")
            if not parts or not style:
                raise TwowayError(f"{source}, line {number}: expected `== id style=...`")
            head, msgs = (parts[0], style), []
            continue
        if head is None or ": " not in line:
            raise TwowayError(f"{source}, line {number}: expected `Name: message [=> label]`")
        sender, rest = line.split(": ", 1)
        labels: set[tuple[str, str | None]] = set()
        hard = head[1] in HARD_STYLES
        if "=>" in rest:
            rest, label = rest.rsplit("=>", 1)
            if label.startswith("!"):
                hard, label = True, label[1:]
            for item in label.split():
                kind, _, style = item.partition("/")
                if item == "-":
                    continue
                if kind not in KINDS or (style and style not in STYLES):
                    raise TwowayError(f"{source}, line {number}: unknown label {item!r}")
                if kind == "support" and not style:
                    raise TwowayError(f"{source}, line {number}: support needs a style")
                labels.add((kind, style or None))
        msgs.append(
            Labelled(
                head[0], head[1], language, sender, rest.strip(), frozenset(labels), hard, number
            )
        )
    close()
    return out


def everything(splits: Sequence[str] = SPLITS) -> list[Conversation]:
    """Every conversation of the set, in the given halves, all languages."""
    return [c for lang in LANGUAGES for split in splits for c in load(lang, split)]


def held_out_splits() -> tuple[str, ...]:
    """The names of the held-out parts: never read while the rules were written."""
    return ("heldout", "heldout2", "heldout3", "heldout4", "heldout5")


def tuning_splits() -> tuple[str, ...]:
    """The names of the parts read while tuning the rules: every part not held out."""
    return tuple(s for s in SPLITS if s not in held_out_splits())


def held_out() -> list[Conversation]:
    """Every held-out conversation, all languages: what the bench reports on."""
    return everything(held_out_splits())


def as_messages(conversations: Sequence[Conversation]) -> pl.DataFrame:
    """The conversations as one message table, a day apart, a minute between messages."""
    start = datetime(2025, 1, 1, 9, 0)
    rows: list[tuple[datetime, str, str, str, int]] = []
    for day, conv in enumerate(conversations):
        for i, m in enumerate(conv.messages):
            at = start + timedelta(days=day, minutes=i)
            rows.append((at, m.sender, m.text, "text", len(rows) + 1))
    return pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row")


@dataclass
class Counts:
    """Right, wrong and missed moments of one kind (in one language)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """Right ÷ found; None when nothing was found."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Right ÷ labelled; None when nothing was labelled."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


@dataclass
class Score:
    """How the moments did on some conversations."""

    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    #: true support moments found as support, and those of them with the right style
    support_found: int = 0
    style_right: int = 0
    #: (labelled, found) primary kind of each message, "none" for none
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    messages: int = 0
    hard: int = 0
    #: (language, conversation, line, text, labelled, found) of each mistake
    mistakes: list[tuple[str, str, int, str, str, str]] = field(default_factory=list)

    def of(self, kind: str, language: str) -> Counts:
        """The counts of one kind in one language ("all" adds up the languages)."""
        return self.counts.setdefault((kind, language), Counts())


def score(
    conversations: Sequence[Conversation], *, threshold: float | None = None, model: bool = False
) -> Score:
    """Run `find_moments` on the conversations and count its hits and misses.

    `model`: read with the model layer (`model.find_moments_read`) on top of the rules;
    without the encoder installed that is the rules alone.
    """
    messages = [m for c in conversations for m in c.messages]
    frame = as_messages(conversations)
    find = find_moments
    if model:
        from twoway.chats.moments.model import find_moments_read as find
    found_frame = (find(frame) if threshold is None else find(frame, threshold=threshold)).frame
    found: dict[int, list[tuple[str, str | None, float]]] = {}
    for row, kind, style, conf in found_frame.select("row", "kind", "style", "confidence").rows():
        found.setdefault(row, []).append((kind, style, conf))
    out = Score(messages=len(messages), hard=sum(m.hard for m in messages))
    for row, m in enumerate(messages):
        got = found.get(row, [])
        got_kinds = {k for k, _, _ in got}
        gold_kinds = {k for k, _ in m.labels}
        for kind in KINDS:
            for lang in (m.language, "all"):
                c = out.of(kind, lang)
                if kind in got_kinds and kind in gold_kinds:
                    c.tp += 1
                elif kind in got_kinds:
                    c.fp += 1
                elif kind in gold_kinds:
                    c.fn += 1
        # a message labelled with two styles (comfort and help, say) is right in either
        gold_styles = {s for k, s in m.labels if k == "support" and s}
        got_style = next((s for k, s, _ in got if k == "support"), None)
        if gold_styles and got_style:
            out.support_found += 1
            out.style_right += got_style in gold_styles
        primary_gold = _primary(sorted(gold_kinds, key=KINDS.index))
        primary_got = _primary(k for k, _, _ in sorted(got, key=lambda g: -g[2]))
        out.confusion[(primary_gold, primary_got)] += 1
        if got_kinds != gold_kinds or (gold_styles and got_style and got_style not in gold_styles):
            out.mistakes.append(
                (m.language, m.conversation, m.line, m.text, _show(m.labels), _show(got))
            )
    return out


def _primary(kinds: Iterable[str]) -> str:
    return next(iter(kinds), "none")


def _show(labels: Iterable[tuple[object, ...]]) -> str:
    return " ".join(sorted(f"{x[0]}/{x[1]}" if x[1] else str(x[0]) for x in labels)) or "-"
