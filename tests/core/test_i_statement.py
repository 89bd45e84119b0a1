"""The "I statement": feeling, situation and need joined into one sentence, with gentle hints."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from twoway.core.i_statement import (
    FEELINGS,
    HINT_ABSOLUTES,
    HINT_ASK_FOR,
    HINT_THOUGHT,
    feeling_words,
    gentle_hints,
    i_statement,
)


def test_the_three_pieces_make_one_sentence() -> None:
    assert (
        i_statement(
            "unheard", "plans change at the last minute", "us to agree on changes a day ahead"
        )
        == "I feel unheard when plans change at the last minute, "
        "and I need us to agree on changes a day ahead."
    )


@pytest.mark.parametrize(
    ("feeling", "situation", "need", "sentence"),
    [
        # spaces and the punctuation at the end of each piece are tidied
        (
            "  tired ",
            "  the dishes   wait\nuntil morning!! ",
            "a hand after dinner...",
            "I feel tired when the dishes wait until morning, and I need a hand after dinner.",
        ),
        # a capital that only started the piece goes; the words people lead with go too
        (
            "I feel Worried",
            "When The rent is paid late.",
            "I need us to set a reminder together",
            "I feel worried when the rent is paid late, and I need us to set a reminder together.",
        ),
        (
            "I'm feeling lonely",
            "whenever evenings go by without a word",
            "and I need ten minutes to talk each night",
            "I feel lonely when evenings go by without a word, "
            "and I need ten minutes to talk each night.",
        ),
        # "I", days, months, acronyms and mixed capitals keep theirs
        (
            "sad",
            "I hear about plans from others first",
            "To be asked early",
            "I feel sad when I hear about plans from others first, and I need to be asked early.",
        ),
        (
            "tense",
            "Monday mornings start with a rush",
            "NHS letters opened together",
            "I feel tense when Monday mornings start with a rush, "
            "and I need NHS letters opened together.",
        ),
        (
            "unsure",
            "iPhone alarms ring at night",
            "quiet",
            "I feel unsure when iPhone alarms ring at night, and I need quiet.",
        ),
    ],
)
def test_pieces_are_tidied_into_the_sentence(
    feeling: str, situation: str, need: str, sentence: str
) -> None:
    assert i_statement(feeling, situation, need) == sentence


def test_the_names_given_keep_their_capital() -> None:
    sentence = i_statement("left out", "Ben's friends visit", "Ana's say too", names=["Ben", "Ana"])
    assert sentence == "I feel left out when Ben's friends visit, and I need Ana's say too."
    assert i_statement("left out", "Ben's friends visit", "a say", names=()).startswith(
        "I feel left out when ben's"
    )


def test_a_missing_piece_is_left_out_rather_than_guessed() -> None:
    assert i_statement("hurt", "", "") == "I feel hurt."
    assert i_statement("hurt", "", "a hug") == "I feel hurt, and I need a hug."
    assert i_statement("hurt", "we argue", " ") == "I feel hurt when we argue."
    assert i_statement("", "we argue", "a pause") == "When we argue, I need a pause."
    assert i_statement("", "", "") == "I would like to talk about how things are between us."


def test_the_feeling_chips_are_plain_lowercase_words() -> None:
    assert all(f == feeling_words(f) for f in FEELINGS)
    assert len(set(FEELINGS)) == len(FEELINGS)


def test_always_and_never_get_a_gentle_hint_not_a_refusal() -> None:
    hints = gentle_hints("hurt", "you never ask about my day", "more questions")
    assert HINT_ABSOLUTES in hints
    assert i_statement("hurt", "you never ask about my day", "more questions").startswith(
        "I feel hurt when you never ask"
    )
    assert HINT_ABSOLUTES in gentle_hints("hurt", "You ALWAYS leave early", "")


def test_a_calm_sentence_gets_no_hint() -> None:
    assert gentle_hints("worried", "the car makes that noise", "us to book a garage") == ()


def test_a_thought_dressed_as_a_feeling_gets_a_hint() -> None:
    assert HINT_THOUGHT in gentle_hints("I feel like you do not care", "", "")
    assert HINT_THOUGHT in gentle_hints("that nobody listens", "", "")


def test_a_word_for_what_was_done_to_you_gets_a_hint_naming_it() -> None:
    (hint,) = gentle_hints("ignored", "dinner is spent on phones", "screens away at dinner")
    assert hint.startswith("“Ignored”")


def test_asking_for_something_to_stop_gets_a_hint() -> None:
    assert HINT_ASK_FOR in gentle_hints("tense", "the door slams", "you to stop slamming it")
    assert HINT_ASK_FOR in gentle_hints("tense", "we argue", "us to not raise our voices")
    assert HINT_ASK_FOR not in gentle_hints("tense", "we argue", "a pause of ten minutes")


@given(st.text(), st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_any_text_gives_a_full_sentence_with_the_feeling_in_it(
    feeling: str, situation: str, need: str, names: list[str]
) -> None:
    sentence = i_statement(feeling, situation, need, names=names)
    assert sentence.endswith(".")
    assert sentence[0].isupper()
    assert feeling_words(feeling, names) in sentence
    assert "\n" not in sentence
    assert isinstance(gentle_hints(feeling, situation, need), tuple)


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1).filter(lambda s: s.strip()),
    st.text(),
    st.text(),
)
def test_a_feeling_in_plain_words_appears_as_written(
    feeling: str, situation: str, need: str
) -> None:
    words = " ".join(feeling.split())
    assume(not words.startswith(("i", "feel")))  # "I feel", "I am" lead in; they are dropped
    assert f"I feel {words}" in i_statement(feeling, situation, need)
