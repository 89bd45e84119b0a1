"""The fast `find_moments` finds exactly what the plain one-message-at-a-time reading finds."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.moments import evaluate as ev
from twoway.chats.moments import find_moments, rules
from twoway.chats.moments.find import Moments
from twoway.chats.moments.reference import find_moments_reference
from twoway.chats.moments.rules import KINDS, MomentRules, shipped_rules


def same(fast: Moments, plain: Moments) -> None:
    assert_frame_equal(fast.frame, plain.frame)
    assert (fast.unscored, fast.messages, fast.layer) == (
        plain.unscored,
        plain.messages,
        plain.layer,
    )


@pytest.mark.parametrize("threshold", [0.7, 0.0])
def test_the_labelled_set_reads_the_same(threshold: float) -> None:
    messages = ev.as_messages(ev.everything())
    fast = find_moments(messages, threshold=threshold)
    assert fast.frame.height > 500, "the set holds hundreds of moments"
    same(fast, find_moments_reference(messages, threshold=threshold))


SMALL_TALK = (
    "ok",
    "haha",
    "see you at 8",
    "the bus is late again",
    "lol",
    "😂😂",
    "ja",
    "vale",
    "d'accord",
    "THANK YOU SO MUCH FOR HELPING ME MOVE",
    "Zoë says hi 👋",
    "buongiorno carissimo amico mio, tutto bene oggi?",
    "",
)


def generated_chat(seed: int, n: int) -> pl.DataFrame:
    """A made-up chat mixing every language's examples of every kind with small talk.

    Three people (and now and then a message with no writer), some writing in two languages; texts repeat in other places (so
    one distinct text stands in several contexts); media and null texts between;
    gaps of more than the context window now and then; odd white space and curly
    apostrophes.
    """
    rng = random.Random(seed)
    said: list[str] = []
    for code in shipped_rules():
        lang = rules(code)
        for kind in (*KINDS, "none"):
            for example in lang.examples.get(kind, ()):
                said.extend(part for part in example.split(" >> ") if part)
    said += [m.text for c in ev.everything(("heldout",)) for m in c.messages]
    people = ("Sam", "Alex", "Robin")
    at = datetime(2024, 5, 1, 9, 0)
    rows: list[tuple[datetime, str | None, str | None, str, int]] = []
    for i in range(n):
        at += timedelta(hours=13) if rng.random() < 0.03 else timedelta(minutes=rng.randint(0, 9))
        who: str | None = people[0] if rng.random() < 0.4 else rng.choice(people)
        if rng.random() < 0.02:
            who = None  # a message whose writer the export does not name
        roll = rng.random()
        kind, text = "text", None
        if roll < 0.05:
            kind, text = "media", "<Media omitted>"
        elif roll < 0.07:
            kind = "text"  # a text message without its text
        elif roll < 0.4:
            text = rng.choice(SMALL_TALK)
        else:
            text = rng.choice(said)
            if rng.random() < 0.1:
                text = text.replace("'", "’").replace(" ", "  \n", 1)
        if text is None and kind == "text" and roll >= 0.07:
            text = ""
        rows.append((at, who, text, kind, i + 1))
    return pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_chat_in_every_language_reads_the_same(seed: int) -> None:
    messages = generated_chat(seed, 3000)
    fast = find_moments(messages)
    assert set(fast.frame["kind"]) == set(KINDS)
    assert set(fast.frame["language"]) == set(shipped_rules())
    same(fast, find_moments_reference(messages))
    assert fast.unscored > 0, "the Italian small talk is left unscored"
    same(find_moments(messages, threshold=0.0), find_moments_reference(messages, threshold=0.0))


def test_the_writers_own_complaint_before_a_thanks_reads_the_same() -> None:
    # the same short thanks right after the writer's own complaint (not gratitude), after
    # the other answered it, after a photo of the other's, after a gap of more than the
    # context window, and with the complaint more than three of the writer's messages back
    start = datetime(2025, 5, 1, 9, 0)
    lines = [
        ("Sam", "you forgot to pick me up again", "text", 0),
        ("Sam", "really appreciate it", "text", 1),
        ("Alex", "sorry, I lost track of time", "text", 2),
        ("Sam", "really appreciate it", "text", 3),
        ("Sam", "du hast es schon wieder vergessen", "text", 4),
        ("Sam", "Vielen Dank dafür.", "text", 5),
        ("Sam", "you forgot to pick me up again", "text", 6),
        ("Alex", None, "media", 7),
        ("Sam", "really appreciate it", "text", 8),
        ("Sam", "you forgot to pick me up again", "text", 20),
        ("Sam", "really appreciate it", "text", 40),
        ("Alex", "you forgot to pick me up again", "text", 41),
        ("Alex", "ok", "text", 42),
        ("Alex", "see you", "text", 43),
        ("Alex", "fine", "text", 44),
        ("Alex", "really appreciate it", "text", 45),
        ("Alex", "Tu as dit à tout le monde que j'avais raté mon permis.", "text", 46),
        ("Alex", "Merci pour la discrétion, vraiment.", "text", 47),
        ("Alex", "Le dijiste a todo el mundo que suspendí el carnet.", "text", 48),
        ("Alex", "Muchas gracias por la discreción.", "text", 49),
    ]
    rows = [
        (start + timedelta(hours=h), who, text, kind, i + 1)
        for i, (who, text, kind, h) in enumerate(lines)
    ]
    messages = pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row")
    fast = find_moments(messages)
    thanked = fast.frame.filter(pl.col("kind") == "gratitude")["position"].to_list()
    # not 2, 6, 18, 20: each right after its writer's own complaint
    assert thanked == [4, 9, 11, 16]
    same(fast, find_moments_reference(messages))


def test_one_language_only_reads_the_same() -> None:
    messages = generated_chat(4, 1500)
    same(
        find_moments(messages, languages=["de"]),
        find_moments_reference(messages, languages=["de"]),
    )


def test_a_merged_chat_keeps_each_moments_file() -> None:
    messages = generated_chat(5, 800).with_columns(file=(pl.int_range(pl.len()) % 2).cast(pl.Int32))
    fast = find_moments(messages)
    assert "file" in fast.frame.columns
    same(fast, find_moments_reference(messages))


def test_a_first_pass_too_big_for_the_regex_engine_reads_one_list_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from twoway.chats.moments import find
    from twoway.chats.moments import first_pass as first

    messages = generated_chat(6, 800)
    joined = first._joined

    def too_big(langs: tuple[MomentRules, ...]) -> object:
        # a piece over the engine's size limit, as a user's own language file might hold
        return (*joined(langs), (langs[0].code, r"(?:\w{100}){1000}", frozenset()))

    monkeypatch.setattr(first, "_joined", too_big)
    langs = find.load_languages(None)
    matched, _ = first.first_pass(messages["text"].fill_null(""), langs)
    assert matched.width == sum(len(lang.triggers) for lang in langs), "one list at a time"
    same(find_moments(messages), find_moments_reference(messages))
