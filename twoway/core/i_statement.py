"""The "I statement": a feeling, the situation and a need, put into one sentence to say.

"I feel worried when the rent is paid late, and I need us to set a reminder
together." Pure words: the pieces are tidied (spaces, a capital that only
started the sentence, the punctuation at the end) and joined; nothing is
judged. `gentle_hints` points at words that tend to make the other side defend
themselves instead of listen; it suggests, it never refuses a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

#: Feelings offered as one tap; anything else can be written in its own words.
FEELINGS: Final = (
    "worried",
    "hurt",
    "lonely",
    "unheard",
    "tired",
    "overwhelmed",
    "sad",
    "unsure",
    "disappointed",
    "tense",
    "left out",
    "taken for granted",
)

#: Words that keep their capital at the start of a piece: "I" and its contractions,
#: days and months. Names are passed in (`names`), the rest is lowercased.
_KEEP_CAPITAL: Final = frozenset(
    {
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "I’m",
        "I’ve",
        "I’d",
        "I’ll",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Easter",
    }
)

#: What may end a piece; the sentence adds its own comma and full stop.
_TRAILING: Final = " \t.,;:!?…-–—"

_FEELING_LEAD = re.compile(
    r"^(?:i\s*(?:am|'m|’m)\s+feeling|i\s+feel|i\s*(?:am|'m|’m)|feeling|feel)(?:\s+|$)",
    re.IGNORECASE,
)
_SITUATION_LEAD = re.compile(r"^(?:when|whenever)(?:\s+|$)", re.IGNORECASE)
_NEED_LEAD = re.compile(r"^(?:and\s+)?(?:i\s+need|need)(?:\s+|$)", re.IGNORECASE)

_ABSOLUTES = re.compile(r"\b(?:always|never|every\s+single\s+time|constantly)\b", re.IGNORECASE)
_THOUGHT_NOT_FEELING = re.compile(r"^(?:that|like|as\s+if|as\s+though)\b", re.IGNORECASE)
#: Words that say what someone did to you more than what happens inside you.
_DONE_TO_ME: Final = frozenset(
    {
        "ignored",
        "rejected",
        "abandoned",
        "betrayed",
        "manipulated",
        "disrespected",
        "attacked",
        "criticized",
        "criticised",
        "blamed",
        "used",
        "controlled",
        "judged",
    }
)
_STOP_ASK = re.compile(
    r"^(?:(?:you|us)\s+to\s+)?(?:stop|quit)\b|\b(?:don't|don’t|do\s+not|never|to\s+not|not\s+to)\b",
    re.IGNORECASE,
)

HINT_ABSOLUTES: Final = (
    "Words like “always” and “never” can sound like a verdict on the whole person, and "
    "invite a list of exceptions. Naming one recent time usually helps the other listen."
)
HINT_THOUGHT: Final = (
    "“I feel that …” or “I feel like …” often carries a thought about the other person. "
    "A single word for what happens inside you (worried, lonely, tired) is easier to hear."
)
HINT_DONE_TO_ME: Final = (
    "“{word}” says what you think they did. A word for how it is inside you (hurt, "
    "lonely, unsure) may land more softly and leaves room for their side."
)
HINT_ASK_FOR: Final = (
    "Asking for what you would like, rather than for something to stop, gives the other "
    "person something they can do."
)


def _tidy(text: str) -> str:
    """One line, single spaces, no punctuation at the end."""
    return " ".join(text.split()).rstrip(_TRAILING)


def _soft_start(text: str, names: Iterable[str]) -> str:
    """Lowercase a capital that is only there because the piece began a sentence.

    "Plans change" -> "plans change"; "I forget", "Sam calls", "Monday comes",
    "NASA", "iPhone" keep theirs.
    """
    if not text:
        return text
    first = text.split(" ", 1)[0]
    word = first.rstrip(".,;:!?…)\"'”’")
    for ending in ("'s", "’s"):
        if word.endswith(ending) and len(word) > len(ending):
            word = word[: -len(ending)]
    kept = {name.split()[0].casefold() for name in names if name.split()}
    if word in _KEEP_CAPITAL or word.casefold() in kept:
        return text
    if not word[:1].isupper() or (len(word) > 1 and not word[1:].islower()):
        return text  # already lowercase, or an acronym / a name like McKenzie
    return text[0].lower() + text[1:]


def feeling_words(feeling: str, names: Iterable[str] = ()) -> str:
    """The feeling as it appears in the sentence: "I feel Hurt!" -> "hurt"."""
    text = _tidy(_FEELING_LEAD.sub("", _tidy(feeling), count=1))
    return _soft_start(text, names)


def situation_words(situation: str, names: Iterable[str] = ()) -> str:
    """The situation after "when": "When Plans change." -> "plans change"."""
    text = _tidy(situation)
    text = _tidy(_SITUATION_LEAD.sub("", text, count=1))
    return _soft_start(text, names)


def need_words(need: str, names: Iterable[str] = ()) -> str:
    """The need after "I need": "I need a quiet hour!" -> "a quiet hour"."""
    text = _tidy(need)
    text = _tidy(_NEED_LEAD.sub("", text, count=1))
    return _soft_start(text, names)


def i_statement(feeling: str, situation: str, need: str, *, names: Iterable[str] = ()) -> str:
    """The sentence to say, always one full sentence ending with a full stop.

    `names` are people's names that keep their capital when they start a piece.
    A missing piece is left out rather than guessed.
    """
    names = tuple(names)
    how = feeling_words(feeling, names)
    when = situation_words(situation, names)
    what = need_words(need, names)
    if how:
        sentence = f"I feel {how}"
        if when:
            sentence += f" when {when}"
        if what:
            sentence += f", and I need {what}"
    elif when and what:
        sentence = f"When {when}, I need {what}"
    elif when:
        sentence = f"I would like to talk about what happens when {when}"
    elif what:
        sentence = f"I need {what}"
    else:
        sentence = "I would like to talk about how things are between us"
    return sentence + "."


def gentle_hints(feeling: str, situation: str, need: str) -> tuple[str, ...]:
    """Suggestions for a softer sentence; empty when there is nothing to add."""
    hints: list[str] = []
    if any(_ABSOLUTES.search(text) for text in (feeling, situation, need)):
        hints.append(HINT_ABSOLUTES)
    how = feeling_words(feeling)
    if _THOUGHT_NOT_FEELING.match(how):
        hints.append(HINT_THOUGHT)
    else:
        done = next((w for w in re.findall(r"[\w’']+", how.casefold()) if w in _DONE_TO_ME), None)
        if done:
            hints.append(HINT_DONE_TO_ME.format(word=done.capitalize()))
    if _STOP_ASK.search(need_words(need)):
        hints.append(HINT_ASK_FOR)
    return tuple(hints)
