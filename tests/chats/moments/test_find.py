"""Moments in a chat: context, abstention, languages (the issue's examples among them)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import polars as pl
import pytest

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.moments import MOMENT_SCHEMA, find_moments, rules
from twoway.chats.moments import evaluate as ev
from twoway.chats.moments.detect import language_of, words
from twoway.chats.moments.languages import languages_of
from twoway.chats.moments.rules import shipped_rules

START = datetime(2025, 3, 3, 18, 0)


def chat(*lines: tuple[str, str], gap: timedelta = timedelta(minutes=2)) -> pl.DataFrame:
    """A message table from (sender, text) pairs, a couple of minutes apart, one per line."""
    rows = [(START + i * gap, who, text, "text", i + 1) for i, (who, text) in enumerate(lines)]
    return pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row")


def found(*lines: tuple[str, str], **kwargs: object) -> list[tuple[int, str, str | None]]:
    """(line, kind, style) of each moment found."""
    frame = find_moments(chat(*lines), **kwargs).frame
    return [(r["position"], r["kind"], r["style"]) for r in frame.iter_rows(named=True)]


def test_a_comforting_reply_to_a_disclosure_is_comfort() -> None:
    assert found(("Sam", "I didn't get the job"), ("Alex", "oh no, that's awful")) == [
        (2, "support", "comfort")
    ]


def test_the_same_words_without_bad_news_before_them_are_nothing() -> None:
    assert found(("Sam", "the bus is late again"), ("Alex", "oh no")) == []


def test_emoji_only_comfort_counts_only_after_bad_news() -> None:
    assert found(("Sam", "my grandma passed away this morning"), ("Alex", "❤️🫂")) == [
        (2, "support", "comfort")
    ]
    assert found(("Sam", "see you at the party"), ("Alex", "❤️🫂")) == []


def test_sorry_for_your_loss_is_comfort_not_repair() -> None:
    assert found(("Sam", "my dad died on Sunday"), ("Alex", "I'm so sorry for your loss")) == [
        (2, "support", "comfort")
    ]
    # and alone, without the news before it, it is still comfort, never repair
    assert found(("Alex", "so sorry for your loss")) == [(1, "support", "comfort")]


@pytest.mark.parametrize(
    "text",
    [
        "sorry, running late",
        "ok thx",
        "thanks, see you at 8",
        "thanks a lot for nothing",
        "oh wonderful, you ate my leftovers. thanks so much",
        "I need to buy milk",
        "are you home?",
        "how do I get to the station?",
    ],
)
def test_look_alikes_are_nothing(text: str) -> None:
    assert found(("Sam", "hey"), ("Alex", text)) == []


def test_a_bare_sorry_repairs_only_after_friction() -> None:
    assert found(("Sam", "you forgot to call me again"), ("Alex", "sorry")) == [(2, "repair", None)]
    assert found(("Sam", "the shop was closed"), ("Alex", "sorry")) == []


def test_context_is_the_other_persons_recent_messages_only() -> None:
    # Alex's own bad news does not make Alex's "oh no" a comfort
    assert found(("Alex", "I failed my exam"), ("Alex", "oh no")) == []
    # news from more than 12 hours before is no longer context
    lines = (("Sam", "I didn't get the job"), ("Alex", "oh no, that's awful"))
    assert found(*lines)
    assert not find_moments(chat(*lines, gap=timedelta(hours=13))).frame.height


def test_a_short_thanks_right_after_ones_own_complaint_is_not_gratitude() -> None:
    complaint = ("Sam", "you forgot to pick me up again")
    assert found(("Sam", "really appreciate it")) == [(1, "gratitude", None)]
    assert found(complaint, ("Sam", "really appreciate it")) == []
    # once the other has answered, the complaint no longer colours the thanks
    answered = found(
        complaint, ("Alex", "sorry, I lost track of time"), ("Sam", "really appreciate it")
    )
    assert answered == [(2, "repair", None), (3, "gratitude", None)]
    # a thanks for something specific, said at length, is still read as one
    long = ("Sam", "but thank you for picking up my prescription, it saved my whole afternoon")
    assert found(complaint, long) == [(2, "gratitude", None)]
    # the other person's complaint does not veto the writer's thanks
    assert found(("Alex", "you forgot to pick me up again"), ("Sam", "really appreciate it")) == [
        (2, "gratitude", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "it would really mean a lot to me if we ate without our phones tonight",
        "it'd make a huge difference to me if you texted when you're late",
        "Es würde mir wirklich viel bedeuten, wenn du zur Feier kommst.",
        "es wär mir echt wichtig, dass du anrufst",
        "Ce serait vraiment important pour moi que tu appelles mon père.",
        "sa me ferait trop du bien qu'on se voie ce week-end",
        "me importaría mucho que vinieras conmigo",
        "Para mí sería muy importante que llamaras a mi padre.",
    ],
)
def test_a_need_said_as_what_it_would_mean_to_the_writer_is_a_need(text: str) -> None:
    assert ("need", None) in [(k, s) for _, k, s in found(("Sam", text))]


@pytest.mark.parametrize(
    "text",
    [
        "it would mean a lot to him too, he always asks about you",
        "this win would mean a lot to the club",
        "Das Spiel würde dem Verein viel bedeuten.",
        "J'aimerais tellement que la pluie s'arrête.",
        "Esta victoria significaría muchísimo para el club.",
    ],
)
def test_what_would_mean_a_lot_to_others_or_a_wish_is_no_need(text: str) -> None:
    assert found(("Sam", text)) == []


def test_one_message_may_hold_several_kinds() -> None:
    got = found(("Sam", "I got the promotion!!!"), ("Alex", "congrats!! how did they tell you?"))
    assert got == [(2, "support", "celebrate"), (2, "checkin", None)]


def test_every_kind_in_every_language() -> None:
    lines = [
        ("Ana", "ich hab die Stelle nicht bekommen"),
        ("Ben", "oh nein, das tut mir so leid"),
        ("Ana", "danke, dass du immer da bist"),
        ("Ben", "je suis désolé d'être parti comme ça"),
        ("Ana", "¿cómo estás después de lo de ayer?"),
        ("Ben", "I need some time to myself this weekend"),
    ]
    frame = find_moments(chat(*lines)).frame
    assert frame.select("position", "kind", "language").rows() == [
        (2, "support", "de"),
        (3, "gratitude", "de"),
        (4, "repair", "fr"),
        (5, "checkin", "es"),
        (6, "need", "en"),
    ]


def test_a_short_message_takes_its_writers_usual_language() -> None:
    lines = [
        ("Ana", "mein Opa ist heute Nacht gestorben"),
        ("Ben", "ich bin so traurig, das ist furchtbar für dich"),
        ("Ben", "oh nein"),
    ]
    frame = find_moments(chat(*lines)).frame
    assert frame.filter(pl.col("position") == 3)["language"].to_list() == ["de"]


def test_below_the_threshold_twoway_abstains() -> None:
    # a plain "sorry" after a complaint is found by a pattern that needs its context (0.8)
    lines = (("Sam", "you forgot to call me again"), ("Alex", "sorry"))
    assert find_moments(chat(*lines), threshold=0.8).frame.height == 1
    assert find_moments(chat(*lines), threshold=0.85).frame.height == 0
    assert find_moments(chat(*lines), threshold=0.85).threshold == 0.85
    with pytest.raises(ValueError, match="from 0 to 1"):
        find_moments(chat(*lines), threshold=1.5)


def test_messages_in_other_languages_are_left_unscored_and_counted() -> None:
    lines = [
        ("Ana", "grazie mille per tutto, amico mio"),
        ("Ben", "obrigado pela ajuda ontem, amigo"),
        ("Ana", "thank you so much"),
    ]
    result = find_moments(chat(*lines))
    assert result.unscored == 2
    assert result.messages == 3
    assert result.layer == "rules"
    assert result.frame["position"].to_list() == [3]


def test_media_calls_and_deleted_messages_are_never_read() -> None:
    frame = chat(("Sam", "I didn't get the job"), ("Alex", "so sorry to hear that"))
    frame = frame.with_columns(kind=pl.Series(["text", "media"]))
    assert find_moments(frame).frame.height == 0


def test_the_result_has_the_schema_and_points_to_each_line() -> None:
    frame = find_moments(chat(("Sam", "hi"), ("Alex", "thank you for the flowers"))).frame
    assert frame.schema == MOMENT_SCHEMA
    row = frame.row(0, named=True)
    assert (row["position"], row["by"], row["confidence"]) == (2, "Alex", 0.9)
    assert row["at"] == START + timedelta(minutes=2)


def test_an_empty_chat_has_no_moments() -> None:
    result = find_moments(pl.DataFrame(schema=MESSAGE_SCHEMA))
    assert result.frame.height == 0
    assert result.frame.schema == MOMENT_SCHEMA


def test_a_message_over_two_lines_or_with_curly_apostrophes_is_read_like_one_line() -> None:
    # the first pass reads the text as the patterns do: one space for each run of
    # white space, straight apostrophes (iOS writes ’)
    assert found(("Sam", "hi"), ("Alex", "thank\nyou so much for helping me move")) == [
        (2, "gratitude", None)
    ]
    assert found(("Sam", "I didn’t get the job"), ("Alex", "I’m so sorry, that’s awful")) == [
        (2, "support", "comfort")
    ]


def test_the_same_text_in_two_places_is_read_in_each_ones_context() -> None:
    lines = [
        ("Sam", "I didn't get the job"),
        ("Alex", "oh no"),
        ("Sam", "anyway"),
        ("Sam", "see you at 8"),
        ("Sam", "the bus is late again"),  # the job is no longer among Sam's last three
        ("Alex", "oh no"),
    ]
    assert found(*lines) == [(2, "support", "comfort")]


def _texts_to_tell() -> list[str]:
    """The labelled set's texts and generated ones: marker words of every language mixed
    (ties among them), capitals, apostrophes, digits, underscores, accents, empty texts."""
    labelled = [m.text for c in ev.everything() for m in c.messages]
    markers = sorted({w for code in shipped_rules() for w in rules(code).markers})
    extra = [
        "Thanks",
        "DANKE",
        "l'ami",
        "it’s",
        "don't",
        "x2",
        "a_b",
        "123",
        "ça",
        "¿qué",
        "🫂",
        "❤️",
        "👍🏽",
        "1️⃣",
        "🇫🇷",
        "‼️",
        "©",
        "ℹ",
        "Ⓜ",
        "é",
    ]
    extra += ["Für", "GRÜSS", "Straße", "Œuvre", "¡Hola!", "«ça»", "l’été", "²", "ª", "Ÿ", "ı"]
    extra += ["5€", "thanks€", "‿", "·", "°c", "‹merci›", "\xad", "µ", "£20"]
    rng = random.Random(14)
    made = [
        rng.choice([" ", "  ", ", ", "\n", "!"]).join(
            rng.choice(markers + extra + ["zzz", "oh"]) for _ in range(rng.randrange(0, 9))
        )
        for _ in range(3000)
    ]
    return labelled + made + ["", " ", "...", "no_no", "o'", "'s"]


def test_languages_of_tells_each_text_as_language_of_does() -> None:
    langs = [rules(code) for code in shipped_rules()]
    texts = _texts_to_tell()
    told = languages_of(pl.Series(texts, dtype=pl.String), langs)
    expected = [(*language_of(t, langs), len(words(t))) for t in texts]
    assert told.rows() == expected
    # both ways of reading were used, and every outcome met
    assert any(t.isascii() for t in texts)
    assert not all(t.isascii() for t in texts)
    assert {code for code, _, _ in expected} >= {None, *shipped_rules()}
    assert any(code is None and n > 0 for code, n, _ in expected)  # a tie


def test_no_letter_hint_is_ascii() -> None:
    # `languages_of` looks for the letter hints only in texts outside ASCII
    from twoway.chats.moments.detect import FR_LETTERS, LETTER_HINTS

    assert not any(c.isascii() for c in (*LETTER_HINTS, *FR_LETTERS))


def _texts_for_exactness() -> list[str]:
    """`_texts_to_tell` and texts at the edges of `exactness`: joiners, selectors, marks,
    lettered emoji, currency signs, odd spaces."""
    odd = [
        "thanks ❤️",
        "thanks❤️so much",
        "❤️thank you",
        "so sorry 👨\u200d👩\u200d👧 we're here",
        "danke 🅰️🅱️ für alles",
        "cafe\u0301 merci",
        "1️⃣ thanks for everything",
        "¡gracias por todo! 💛",
        "merci\u00a0beaucoup pour hier",
        "5 € thanks for lunch",
        "„danke für alles“",
        "sorry\u2019bout last night",
        "i'm sorry ‼️",
        "congrats 🎉🎉🇫🇷",
        "thanks€so much",
        "merci ¢£¤¥¦§¨©«¬\xad®¯°±´¶·¸»¿ pour tout",
        "danke‰′″‹›⁂ für alles",
        "sorry‿about that",
        "5₹ thanks for dinner",
        "sorry\u2028about last night",
        "so sorry ½ of it was me",
        # the coded letters next to ASCII ones, and letters left uncoded
        "éthank you",
        "thanksé so much",
        "danke schön für alles, grüße",
        "merci à toi pour tout",
        "lo siento mucho, ñandú",
        "sorry ã thanks",
        "thanksø for that",
        "übermorgen? ça va",
        # runs of spaces of every kind, and single ones that are not " "
        "thanks\tso much",
        "danke\x1cfür alles",
        "merci \u00a0 beaucoup",
        "  sorry  ",
        "gracias\u3000amiga",
        "thanks \n\n so much\r\n",
        "\u2003",
    ]
    return _texts_to_tell() + odd


def test_exact_patterns_match_where_re_does_on_the_texts_they_call_exact() -> None:
    # `find_moments` trusts Polars' answer on a text `exactness` calls exact (0: ASCII
    # and emoji, 1: the common Latin letters too, coded), and reads no pattern with `re`
    # again there
    from twoway.chats.moments.detect import normal
    from twoway.chats.moments.languages import normals
    from twoway.chats.moments.latin_codes import coded
    from twoway.chats.moments.polars_forms import exactness, polars_text

    texts = _texts_for_exactness()
    flat = normals(pl.Series(texts, dtype=pl.String))
    assert flat.to_list() == [normal(t) for t in texts]
    frame = pl.DataFrame({"normal": flat}).with_columns(level=exactness(pl.col("normal")))
    levels = frame["level"].to_list()
    assert {0, 1, 2} <= set(levels), "every level met"
    # the exact forms of the common Latin letters read the text they code (`coded`)
    read = {0: polars_text(pl.col("normal")), 1: coded(polars_text(pl.col("normal")))}
    checked = 0
    for code in shipped_rules():
        lang = rules(code)
        lists = [
            (level, exact, lang.sections[name].pattern(key))
            for level, variant in ((0, "ascii"), (1, "latin"))
            for name, s in lang.sections.items()
            for key, exact in getattr(s, variant).items()
        ]
        lists += [
            (level, exact, lang.context[name])
            for level, table in ((0, lang.context_ascii), (1, lang.context_latin))
            for name, exact in table.items()
        ]
        assert lists, "the shipped lists can be put exactly"
        for level, exact, pattern in lists:
            assert pattern is not None
            got = frame.select(read[level].str.contains(exact)).to_series().to_list()
            for t, n, at, polars_says in zip(texts, flat, levels, got, strict=True):
                if at <= level:
                    assert polars_says == bool(pattern.search(n)), (code, exact[:60], t)
                    checked += 1
    assert checked > 100_000


def test_dev16_english_check_ins_and_their_logistic_neighbours() -> None:
    # issue 17, dev16: a check-in in casual spelling is found, a logistics question is not
    from twoway.chats.moments.evaluate import parse, score

    text = """== t-16-01 style=slang
Ana: so?? how'd the scan go 👀 => checkin
Ben: all clear
Ana: how was day one at the new place?? => checkin
Ben: yo u get home ok last nite? => checkin
Ana: what time u working tmrw =>! -
Ben: did you get the keys? =>! -
"""
    result = score(parse(text, "en", "test"))
    assert not result.mistakes


def test_dev17_english_support_thanks_and_check_ins_beside_their_lookalikes() -> None:
    # issue 17, dev17: everyday support, check-ins and thanks are found; an invitation,
    # a question about a plan, a thanks for spoilers and "I'll" typed "ill" are not
    from twoway.chats.moments.evaluate import parse, score

    text = """== t-17-01 style=typo
Ana: my back's gone again, cant even stand up =>! -
Ben: oh mate =>! support/comfort
Ben: let me take the kids tomorrow =>! support/help
Ana: ur a star =>! gratitude
Ben: everything ok otherwise? =>! checkin
Ana: ye fine. we're at my brother's for the footy if u wanna come =>! -
Ben: are you ok with pizza tonight? =>! -
Ana: no worries, ill grab a table =>! -
Ben: want me to order u a coffee =>! -

== t-17-02 style=sarcasm
Cai: thanks for the spoilers, really made my night =>! -
Dee: it wasn't my place to say anything, sorry =>! repair
"""
    result = score(parse(text, "en", "test"))
    assert not result.mistakes
