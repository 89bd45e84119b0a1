"""The labelled evaluation set: its size and split, its file format, and the held-out targets."""

from __future__ import annotations

import pytest

from twoway.chats.moments import evaluate as ev
from twoway.chats.moments.rules import KINDS
from twoway.errors import TwowayError


def test_the_set_has_two_thousand_messages_a_third_of_them_hard() -> None:
    messages = [m for c in ev.everything() for m in c.messages]
    assert len(messages) >= 2000
    assert sum(m.hard for m in messages) >= len(messages) / 3
    for lang in ev.LANGUAGES:
        mine = [m for m in messages if m.language == lang]
        assert len(mine) >= 400, lang
        for kind in KINDS:  # every kind is there, in every language
            assert sum(any(k == kind for k, _ in m.labels) for m in mine) >= 10, (lang, kind)


def test_the_parts_share_no_conversation_no_person_and_no_labelled_message() -> None:
    for lang in ev.LANGUAGES:
        parts = {split: ev.load(lang, split) for split in ev.SPLITS}
        ids = [c.id for part in parts.values() for c in part]
        assert len(ids) == len(set(ids)), lang
        held = [m for split in ev.held_out_splits() for c in parts[split] for m in c.messages]
        tuned = [
            m
            for split in ev.SPLITS
            if split not in ev.held_out_splits()
            for c in parts[split]
            for m in c.messages
        ]
        assert not {m.sender for m in tuned} & {m.sender for m in held}, lang
        labelled = {m.text.casefold() for m in tuned if m.labels}
        assert not labelled & {m.text.casefold() for m in held if m.labels}, lang


def test_each_held_out_part_is_new_to_every_other_part_in_every_language() -> None:
    # a held-out part is blind only if no other part (tuning or held-out, any
    # language) has its people or, in its language, its labelled sentences
    parts = {(lang, split): ev.load(lang, split) for lang in ev.LANGUAGES for split in ev.SPLITS}
    ids = [c.id for part in parts.values() for c in part]
    assert len(ids) == len(set(ids))
    people = {key: {m.sender for c in part for m in c.messages} for key, part in parts.items()}
    texts = {
        key: {m.text.casefold() for c in part for m in c.messages if m.labels}
        for key, part in parts.items()
    }
    for held in ev.held_out_splits():
        for lang in ev.LANGUAGES:
            key = (lang, held)
            for other in parts:
                if other == key:
                    continue
                assert not people[key] & people[other], (key, other)
                if other[0] == lang:
                    assert not texts[key] & texts[other], (key, other)


@pytest.mark.parametrize("split", ev.held_out_splits())
def test_each_held_out_part_has_a_hundred_messages_a_language_and_every_kind(split: str) -> None:
    # the first held-out part is a little under a third hard (0.28); the later
    # ones were written to be over a third, and must stay so
    share = 0.25 if split == "heldout" else 1 / 3
    for lang in ev.LANGUAGES:
        messages = [m for c in ev.load(lang, split) for m in c.messages]
        assert len(messages) >= 100, (lang, split)
        assert sum(m.hard for m in messages) >= share * len(messages), (lang, split)
        kinds = {k for m in messages for k, _ in m.labels}
        assert kinds == set(KINDS), (lang, split)


def test_a_line_that_breaks_the_format_is_named() -> None:
    with pytest.raises(TwowayError, match=r"x.txt, line 2: expected `Name: message"):
        ev.parse("== c1 style=plain\njust words\n", "en", "x.txt")
    with pytest.raises(TwowayError, match=r"x.txt, line 2: unknown label 'hug'"):
        ev.parse("== c1 style=plain\nA: hi => hug\n", "en", "x.txt")
    with pytest.raises(TwowayError, match=r"x.txt, line 2: support needs a style"):
        ev.parse("== c1 style=plain\nA: so sorry => support\n", "en", "x.txt")
    with pytest.raises(TwowayError, match=r"x.txt, line 1: expected `== id style=...`"):
        ev.parse("== c1\nA: hi\n", "en", "x.txt")


def test_labels_hard_marks_and_styles_are_read() -> None:
    (conv,) = ev.parse(
        "# a comment\n== c1 style=emoji\nA: I failed\nB: ❤️ =>! support/comfort\n"
        "B: congrats! how was it? => support/celebrate checkin\n",
        "en",
        "x.txt",
    )
    a, b, c = conv.messages
    assert (a.labels, a.hard, a.line) == (frozenset(), True, 3)  # an emoji conversation: all hard
    assert b.labels == {("support", "comfort")}
    assert b.hard
    assert c.labels == {("support", "celebrate"), ("checkin", None)}


@pytest.mark.parametrize(
    ("labels", "right"),
    [("support/listen support/comfort", 1), ("support/listen support/help", 0)],
)
def test_a_message_labelled_with_two_styles_is_right_in_either(labels: str, right: int) -> None:
    # the rules read "oh no, I'm so sorry" after bad news as comfort; which of two
    # labelled styles is compared must not depend on a set's order (the hash seed)
    convs = ev.parse(
        f"== c1 style=plain\nA: I didn't get the job\nB: oh no, I'm so sorry => {labels}\n",
        "en",
        "x.txt",
    )
    got = ev.score(convs)
    assert (got.support_found, got.style_right) == (1, right)
    assert len(got.mistakes) == 1 - right
