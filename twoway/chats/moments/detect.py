"""Reading one message: its language, what its context shows, and the moments it holds.

These work on plain strings, one message at a time; `twoway.chats.moments.find`
runs them on the few candidates of a whole chat.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from twoway.chats.moments.polars_forms import visible
from twoway.chats.moments.rules import (
    CONTEXTS,
    OWN_FRICTION,
    OWN_VETO,
    STYLES,
    MomentRules,
    Section,
)

#: Confidence of each way a moment is found, before any model layer. Calibrated on
#: the training split of the evaluation set (see docs/method.md): a pattern that
#: is enough alone was right about 9 times in 10, one that needed context a
#: little less, a weak cue alone about half the time.
PATTERN: Final = 0.9
CONTEXT: Final = 0.8
EMOJI: Final = 0.8
WEAK_CONTEXT: Final = 0.75
WEAK: Final = 0.5
#: Moments below this confidence are left out: twoway abstains.
DEFAULT_THRESHOLD: Final = 0.7

_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LETTER_OR_DIGIT: Final = re.compile(r"[^\W_]")
#: Letters that point to one language more than to the others.
LETTER_HINTS: Final = {"ß": "de", "ä": "de", "ö": "de", "ü": "de", "ñ": "es", "¿": "es", "¡": "es"}
FR_LETTERS: Final = frozenset("çœêèàâîôûù")
_HINTED: Final = re.compile(f"[{''.join(LETTER_HINTS)}{''.join(FR_LETTERS)}]")


@dataclass(frozen=True, slots=True)
class Found:
    """One moment in one message: its kind, support style (or None) and confidence."""

    kind: str
    style: str | None
    confidence: float


def normal(text: str) -> str:
    """Lower case with straight apostrophes and single spaces, as the patterns expect.

    Without emoji's presentation selector and joiner (`polars_forms.visible`).
    """
    return " ".join(visible(text).replace("’", "'").lower().split())


def words(text: str) -> list[str]:
    """The words of a message, lower case, apostrophes kept inside a word."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def language_of(text: str, languages: Sequence[MomentRules]) -> tuple[str | None, int]:
    """The language whose marker words a message uses most, and how many words it has.

    None when two languages tie; a word count of 0 also when no marker of any
    language is there at all (the message may be in a language not covered).
    """
    tokens = words(text)
    index = _marker_index(tuple(languages))
    counts = [0] * len(languages)
    for token in tokens:
        for i in index.get(token, ()):
            counts[i] += 1
    scores = {lang.code: n for lang, n in zip(languages, counts, strict=True)}
    for ch in _HINTED.findall(text.lower()):
        hinted = LETTER_HINTS.get(ch)
        if hinted in scores:
            scores[hinted] += 2
        elif hinted is None and "fr" in scores:
            scores["fr"] += 1
    best = max(scores.values(), default=0)
    if best == 0:
        return None, 0
    top = [code for code, s in scores.items() if s == best]
    return (top[0] if len(top) == 1 else None), len(tokens)


@functools.cache
def _marker_index(languages: tuple[MomentRules, ...]) -> dict[str, tuple[int, ...]]:
    """Each marker word, and which of `languages` (by place) it marks."""
    index: dict[str, tuple[int, ...]] = {}
    for i, lang in enumerate(languages):
        for word in lang.markers:
            index[word] = (*index.get(word, ()), i)
    return index


#: Whether the patterns of one key of one section (`"comfort", "after_bad_news"`) match
#: the message being read.
Hit = Callable[[str, str], bool]


def context_of(
    texts: Iterable[str],
    rules: MomentRules,
    maybe: Callable[[str, str], bool] | None = None,
    names: Sequence[str] = CONTEXTS,
) -> frozenset[str]:
    """What the other person's recent messages show: bad news, good news, friction.

    `maybe(text, name)`, when given, is False where context `name` surely does not
    match `text` (the pattern is then not run). `names`: the contexts looked for.
    """
    found = set()
    for text in texts:
        t = normal(text)
        for name in names:
            if maybe is not None and not maybe(text, name):
                continue
            pattern = rules.context[name]
            if pattern is not None and pattern.search(t):
                found.add(name)
    return frozenset(found)


#: How far back the other person's messages still set the context of a reply.
CONTEXT_WINDOW: Final = timedelta(hours=12)
#: At most this many of the other person's messages are read as context.
CONTEXT_MESSAGES: Final = 3
#: ... among at most this many messages before the reply.
CONTEXT_ROWS: Final = 8

#: A column of a chat's messages, whole (a list) or the rows near one (a dict by row).
Times = Sequence[datetime | None] | Mapping[int, datetime | None]
Column = Sequence[str | None] | Mapping[int, str | None]


def recent_before(row: int, at: Times, senders: Column, texts: Column, kinds: Column) -> list[str]:
    """The other person's last few text messages before `row`, the nearest first.

    The columns are whole (lists) or hold the rows near `row` (dicts by row).
    At most `CONTEXT_MESSAGES`, among the `CONTEXT_ROWS` messages before, within
    `CONTEXT_WINDOW`.
    """
    recent: list[str] = []
    for i in _window_before(row, at):
        text = texts[i]
        if senders[i] != senders[row] and kinds[i] == "text" and text:
            recent.append(text)
            if len(recent) == CONTEXT_MESSAGES:
                break
    return recent


def own_before(row: int, at: Times, senders: Column, texts: Column, kinds: Column) -> list[str]:
    """The writer's own last text messages before `row`, since the other person last wrote.

    The nearest first; in the same window as `recent_before` (at most
    `CONTEXT_MESSAGES`, among the `CONTEXT_ROWS` messages before, within
    `CONTEXT_WINDOW`). Any message of someone else ends it: a complaint the other has
    answered no longer colours a thanks.
    """
    own: list[str] = []
    for i in _window_before(row, at):
        if senders[i] != senders[row]:
            break
        text = texts[i]
        if kinds[i] == "text" and text:
            own.append(text)
            if len(own) == CONTEXT_MESSAGES:
                break
    return own


def _window_before(row: int, at: Times) -> Iterator[int]:
    """The rows before `row`, the nearest first: at most `CONTEXT_ROWS`, within `CONTEXT_WINDOW`."""
    when = at[row]
    for i in range(row - 1, max(row - 1 - CONTEXT_ROWS, -1), -1):
        then = at[i]
        if when is not None and then is not None and when - then > CONTEXT_WINDOW:
            return
        yield i


def context_before(
    row: int,
    at: Times,
    senders: Column,
    texts: Column,
    kinds: Column,
    lang: MomentRules,
) -> frozenset[str]:
    """What the messages before `row` show, read in `lang`.

    The other person's recent messages: bad news, good news, friction; and
    `OWN_FRICTION` where the writer's own messages just before (`own_before`)
    complain.
    """
    theirs = context_of(recent_before(row, at, senders, texts, kinds), lang)
    own = own_before(row, at, senders, texts, kinds)
    if own and context_of(own, lang, names=("friction",)):
        return theirs | {OWN_FRICTION}
    return theirs


def only_emoji(text: str) -> bool:
    """True for a message of emoji (and punctuation or spaces) alone: no letter, no digit.

    (No symbol of Unicode's "So" category, emoji among them, is a letter or digit, so
    a letter or digit anywhere says it.)
    """
    return bool(text.strip()) and not _LETTER_OR_DIGIT.search(text)


def _score(section: Section, name: str, hit: Hit, context: Callable[[], frozenset[str]]) -> float:
    """How sure a section's patterns are about a message, 0 when they do not match.

    `context` is asked only when a pattern that needs it matches, or when a veto
    that counts only after the writer's own complaint (`OWN_VETO`) matches a
    message found.
    """
    if hit(name, "not"):
        return 0.0
    score = _unvetoed(section, name, hit, context)
    if score and hit(name, OWN_VETO) and OWN_FRICTION in context():
        return 0.0  # "thanks a lot" right after one's own "you forgot me again"
    return score


def _unvetoed(
    section: Section, name: str, hit: Hit, context: Callable[[], frozenset[str]]
) -> float:
    if hit(name, "patterns"):
        return PATTERN
    for after in CONTEXTS:
        if hit(name, f"after_{after}") and after in context():
            return CONTEXT
    if hit(name, "weak"):
        return WEAK_CONTEXT if section.weak_after and context() & set(section.weak_after) else WEAK
    return 0.0


def read_message(
    text: str,
    rules: MomentRules,
    context: frozenset[str] | Callable[[], frozenset[str]],
    maybe: Collection[tuple[str, str]] | None = None,
    *,
    exact: bool = False,
) -> list[Found]:
    """The moments one message holds, given what the other's recent messages showed.

    A message may hold several kinds ("congrats! how did they tell you?" is
    support and a check-in) but one support style: the surest, the first in
    `STYLES` on a tie. `context` may be a function: it is called once, and only
    when a pattern of the message needs it. `maybe`, when given, holds the
    (section, key) pairs whose patterns may match: the others surely do not, and
    are not run; with `exact`, they are known to match, and are not run either.
    """
    t = normal(text)
    emoji_only = only_emoji(text)
    sections = rules.sections
    if maybe is None:
        if not emoji_only and not rules.anything.search(t):
            return []  # no pattern of any kind matches: a shortcut, not a rule
        live = frozenset(sections)

        def hit(name: str, key: str) -> bool:
            pattern = sections[name].pattern(key)
            return pattern is not None and pattern.search(t) is not None
    else:
        may = maybe
        live = frozenset(name for name, _ in may)

        def hit(name: str, key: str) -> bool:
            if (name, key) not in may:
                return False
            if exact:
                return True
            pattern = sections[name].pattern(key)
            return pattern is not None and pattern.search(t) is not None

    known: list[frozenset[str]] = [] if callable(context) else [context]

    def ask() -> frozenset[str]:
        if not known:
            assert callable(context)
            known.append(context())
        return known[0]

    found: list[Found] = []
    best_style, best = None, 0.0
    for style in STYLES:
        score = _score(sections[style], style, hit, ask) if style in live else 0.0
        if score > best:
            best_style, best = style, score
    if best == 0.0 and emoji_only:
        bare = text.replace("\ufe0f", "")
        if "bad_news" in ask() and any(c in bare for c in rules.emoji["comfort"]):
            best_style, best = "comfort", EMOJI
        elif "good_news" in ask() and any(c in bare for c in rules.emoji["celebrate"]):
            best_style, best = "celebrate", EMOJI
    if best_style is not None:
        found.append(Found("support", best_style, best))
    for kind in ("gratitude", "need", "repair", "checkin"):
        score = _score(sections[kind], kind, hit, ask) if kind in live else 0.0
        if score:
            found.append(Found(kind, None, score))
    return found
