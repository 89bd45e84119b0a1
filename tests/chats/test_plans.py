"""Plans: proposals to meet, scheduled or vague, in every shipped language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.plans import (
    PLAN_SCHEMA,
    Language,
    LanguageError,
    find_plans,
    language,
    load_language,
    shipped_languages,
)
from twoway.errors import TwowayError

#: the message table with the conversation index `find_plans` reads
SCHEMA: dict[str, Any] = {**MESSAGE_SCHEMA, "conversation": pl.Int64}

# Wednesday 6 March 2024, 10:00
WED = datetime(2024, 3, 6, 10, 0)

Row = (
    tuple[datetime, str, str | None]
    | tuple[datetime, str, str | None, int]
    | tuple[datetime, str, str | None, int, str]
)


def chat(*rows: Row) -> pl.DataFrame:
    """A message table from (at, sender, text[, conversation[, kind]]) rows, in that order."""
    columns: dict[str, list[object]] = {
        "at": [],
        "sender": [],
        "text": [],
        "kind": [],
        "position": [],
        "conversation": [],
    }
    for i, row in enumerate(rows, start=1):
        at, sender, text = row[0], row[1], row[2]
        conversation = row[3] if len(row) > 3 else 0
        kind = row[4] if len(row) > 4 else "text"
        for key, value in zip(columns, (at, sender, text, kind, i, conversation), strict=True):
            columns[key].append(value)
    return pl.DataFrame(columns, schema=SCHEMA)


def only(plans: pl.DataFrame) -> dict[str, object]:
    assert plans.height == 1, plans
    return plans.row(0, named=True)


# -- scheduled or vague ----------------------------------------------------------


def test_a_proposal_nobody_follows_up_is_vague() -> None:
    plans = find_plans(
        chat(
            (WED, "Ana", "we should catch up sometime!"),
            (WED + timedelta(minutes=3), "Ben", "yes definitely, one of these days"),
        )
    )
    assert plans.schema == PLAN_SCHEMA
    assert only(plans) == {
        "at": WED,
        "by": "Ana",
        "text": "we should catch up sometime!",
        "position": 1,
        "status": "vague",
        "fixed_at": None,
        "due": None,
    }


def test_a_day_in_the_proposal_itself_schedules_it() -> None:
    plan = only(find_plans(chat((WED, "Ana", "let's grab lunch tomorrow"))))
    assert plan["status"] == "scheduled"
    assert plan["fixed_at"] == WED
    assert plan["due"] == date(2024, 3, 7)


def test_a_day_in_a_later_reply_of_the_same_conversation_schedules_it() -> None:
    reply = WED + timedelta(minutes=10)
    plan = only(
        find_plans(
            chat(
                (WED, "Ana", "We should hang out"),
                (WED + timedelta(minutes=1), "Ben", "yes!!"),
                (reply, "Ben", "how about Saturday?"),  # no meeting word: same conversation counts
            )
        )
    )
    assert plan["status"] == "scheduled"
    assert plan["fixed_at"] == reply
    assert plan["due"] == date(2024, 3, 9)


def test_a_later_conversation_counts_only_when_it_speaks_of_meeting() -> None:
    later = WED + timedelta(days=3)
    plain = chat(
        (WED, "Ana", "would love to see you soon"),
        (later, "Ben", "Saturday was so busy at work", 1),
    )
    assert only(find_plans(plain))["status"] == "vague"

    meeting = chat(
        (WED, "Ana", "would love to see you soon"),
        (later, "Ben", "Saturday was so busy at work", 1),
        (later + timedelta(hours=1), "Ben", "dinner on Tuesday at 7pm?", 2),
    )
    plan = only(find_plans(meeting))
    assert plan["status"] == "scheduled"
    assert plan["fixed_at"] == later + timedelta(hours=1)
    assert plan["due"] == date(2024, 3, 12)


def test_a_day_named_after_fourteen_days_is_too_late() -> None:
    def answered_after(delay: timedelta) -> str:
        plans = find_plans(
            chat(
                (WED, "Ana", "let's get coffee sometime"),
                (WED + delay, "Ben", "coffee on Friday?", 1),
            )
        )
        return str(only(plans)["status"])

    assert answered_after(timedelta(days=14)) == "scheduled"
    assert answered_after(timedelta(days=15)) == "vague"
    assert answered_after(timedelta(days=14, seconds=1)) == "vague"


def test_only_what_follows_a_proposal_can_fix_it() -> None:
    plans = find_plans(
        chat(
            (WED, "Ben", "I'm busy on Saturday"),
            (WED + timedelta(minutes=1), "Ana", "we should meet up"),
        )
    )
    assert only(plans)["status"] == "vague"


# -- repeats ---------------------------------------------------------------------


def test_asking_again_while_the_plan_is_open_counts_once() -> None:
    plans = find_plans(
        chat(
            (WED, "Ana", "we should catch up"),
            (WED + timedelta(days=5), "Ana", "we really should catch up!", 1),
            (WED + timedelta(days=6), "Ben", "let's meet up", 2),  # Ben's own plan
            (WED + timedelta(days=15), "Ana", "we should catch up", 3),  # 15 days on: new
        )
    )
    assert plans.select("by", "position", "status").rows() == [
        ("Ana", 1, "vague"),
        ("Ben", 3, "vague"),
        ("Ana", 4, "vague"),
    ]


def test_a_repeat_that_names_a_day_fixes_the_first_ask() -> None:
    repeat = WED + timedelta(days=3)
    plan = only(
        find_plans(
            chat(
                (WED, "Ana", "we should catch up"),
                (repeat, "Ana", "let's meet on Friday!", 1),
            )
        )
    )
    assert (plan["position"], plan["status"]) == (1, "scheduled")
    assert plan["fixed_at"] == repeat
    assert plan["due"] == date(2024, 3, 15)  # the Friday after the repeat, not after the ask


def test_a_new_proposal_after_a_plan_was_fixed_is_a_new_plan() -> None:
    plans = find_plans(
        chat(
            (WED, "Ana", "let's get lunch tomorrow"),
            (WED + timedelta(days=2), "Ana", "we should get coffee sometime too", 1),
        )
    )
    assert plans["status"].to_list() == ["scheduled", "vague"]


# -- due days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("let's meet tomorrow", date(2024, 3, 7)),
        ("let's meet tonight", date(2024, 3, 6)),
        ("let's meet the day after tomorrow", date(2024, 3, 8)),
        ("let's meet on Saturday", date(2024, 3, 9)),
        ("let's meet wednesday", date(2024, 3, 6)),  # said on a Wednesday: that day
        ("let's meet on Monday", date(2024, 3, 11)),
        ("let's meet on March 20", date(2024, 3, 20)),
        ("let's meet on the 3rd of March", date(2025, 3, 3)),  # already past: next year
        ("let's meet on 12 April 2025", date(2025, 4, 12)),
        ("let's meet on the 12th", date(2024, 3, 12)),
        ("let's meet on the 2nd", date(2024, 4, 2)),
        ("let's meet on the 31st", date(2024, 3, 31)),
        ("let's meet 4/2", date(2024, 4, 2)),
        ("let's meet 25/12", date(2024, 12, 25)),  # 25 cannot be a month
        ("let's meet 2024-05-01", date(2024, 5, 1)),
        ("let's meet at 7pm", date(2024, 3, 6)),  # a time alone: the day it was said
        ("let's meet at 19:30", date(2024, 3, 6)),
        ("let's meet at 7pm on Friday", date(2024, 3, 8)),  # the day wins over the time
        ("let's meet on February 30", date(2024, 3, 6)),  # no such day
        ("on se voit demain ?", date(2024, 3, 7)),
        ("on se voit samedi ?", date(2024, 3, 9)),
        ("on se voit le 3 mars ?", date(2025, 3, 3)),
        ("on se voit après-demain ?", date(2024, 3, 8)),
        ("on se voit le 20 ?", date(2024, 3, 20)),
        ("on se voit le 15/04 ?", date(2024, 4, 15)),
        ("on se voit le 3/12 ?", date(2024, 12, 3)),  # day first after "le"
    ],
)
def test_the_due_day_is_counted_from_the_message_that_named_it(text: str, due: date) -> None:
    plan = only(find_plans(chat((WED, "Ana", text))))
    assert (plan["status"], plan["due"]) == ("scheduled", due)


def test_a_day_of_the_month_that_this_month_lacks_is_found_in_a_later_month() -> None:
    feb = datetime(2023, 2, 10, 9)
    plan = only(find_plans(chat((feb, "Ana", "let's meet on the 30th"))))
    assert plan["due"] == date(2023, 3, 30)


# -- what is not a proposal ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("we should go climbing", "vague"),
        ("want to see the film on Friday?", "scheduled"),
        ("are you free Saturday?", "scheduled"),
        ("fancy a drink this week?", "vague"),
        ("let me know when you're around", "vague"),
        ("shall we go to the cinema tomorrow", "scheduled"),
    ],
)
def test_wider_english_proposals(text: str, status: str) -> None:
    assert only(find_plans(chat((WED, "Ana", text))))["status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "we should have caught up",  # regret, not a proposal
        "I should call the bank",
        "we met for lunch yesterday",
        "had such a fancy dinner",
        "see you soon",  # a goodbye
        "let me know when you're home",
        "we should have gone climbing",  # regret
        "we should clean the kitchen",  # chores
        "we need to do the laundry",
        "we need to go grocery shopping",
        "we should pay the bills",
        "are you free to call the plumber",
    ],
)
def test_other_sentences_are_not_proposals(text: str) -> None:
    assert find_plans(chat((WED, "Ana", text))).is_empty()


@pytest.mark.parametrize("kind", ["media", "call", "deleted"])
def test_only_text_messages_are_proposals(kind: str) -> None:
    plans = find_plans(chat((WED, "Ana", "let's get coffee tomorrow", 0, kind)))
    assert plans.is_empty()
    assert plans.schema == PLAN_SCHEMA


def test_a_media_caption_naming_a_day_does_not_schedule() -> None:
    plans = find_plans(
        chat(
            (WED, "Ana", "let's get coffee sometime"),
            (WED + timedelta(minutes=1), "Ben", "coffee tomorrow.jpg", 0, "media"),
        )
    )
    assert only(plans)["status"] == "vague"


def test_no_messages_and_no_proposals_give_an_empty_table() -> None:
    empty = pl.DataFrame(schema=SCHEMA)
    assert find_plans(empty).schema == PLAN_SCHEMA
    assert find_plans(empty).is_empty()
    assert find_plans(chat((WED, "Ana", "hello"))).schema == PLAN_SCHEMA
    assert find_plans(chat((WED, "Ana", "we should meet")), languages=[]).is_empty()


def test_messages_out_of_time_order_are_read_in_time_order() -> None:
    rows = chat(
        (WED, "Ana", "we should catch up"),
        (WED + timedelta(minutes=5), "Ben", "Friday?"),
    )
    assert find_plans(rows.reverse()).drop("position").equals(find_plans(rows).drop("position"))


def test_messages_without_a_time_or_a_text_are_passed_over() -> None:
    messages = chat(
        (WED, "Ana", "we should catch up"),
        (WED, "Ben", "hello"),
        (WED + timedelta(minutes=1), "Ben", "tomorrow?"),
    ).with_columns(
        at=pl.when(pl.col("position") == 2).then(None).otherwise(pl.col("at")),
        text=pl.when(pl.col("position") == 2).then(None).otherwise(pl.col("text")),
    )
    plan = only(find_plans(messages))
    assert (plan["status"], plan["due"]) == ("scheduled", date(2024, 3, 7))


def test_other_columns_are_carried_over_for_each_proposal() -> None:
    messages = chat(
        (WED, "Ana", "hi"),
        (WED + timedelta(minutes=1), "Ana", "we should catch up"),
    ).with_columns(file=pl.Series([0, 1], dtype=pl.Int32))
    plans = find_plans(messages)
    assert plans.columns == [*PLAN_SCHEMA, "file"]
    assert plans["file"].to_list() == [1]
    assert find_plans(messages.head(1)).schema == {**PLAN_SCHEMA, "file": pl.Int32}
    assert find_plans(messages.clear()).columns == [*PLAN_SCHEMA, "file"]


def test_the_conversation_column_is_required() -> None:
    with pytest.raises(ValueError, match="conversation"):
        find_plans(chat((WED, "Ana", "hi")).drop("conversation"))


# -- languages -------------------------------------------------------------------


def test_english_and_french_are_shipped() -> None:
    assert {"en", "fr"} <= set(shipped_languages())
    assert language("fr").name == "Français"


def test_french_is_found_and_can_be_left_out() -> None:
    messages = chat(
        (WED, "Ana", "on devrait se voir un de ces jours"),
        (WED + timedelta(days=1), "Ben", "Ça te dit un café samedi ?", 1),
    )
    plans = find_plans(messages)
    assert plans.select("by", "status").rows() == [("Ana", "scheduled"), ("Ben", "scheduled")]
    assert plans["due"].to_list() == [date(2024, 3, 9), date(2024, 3, 9)]
    assert find_plans(messages, languages=["en"]).is_empty()
    assert find_plans(messages, languages="fr").height == 2


def test_an_unknown_language_code_is_named() -> None:
    with pytest.raises(TwowayError, match=r"'xx'.*en"):
        find_plans(chat((WED, "Ana", "hi")), languages=["xx"])


@pytest.mark.parametrize("code", shipped_languages())
def test_each_language_file_keeps_its_own_examples(code: str) -> None:
    lang = language(code)
    proposals = lang.examples["proposals"]
    for text in proposals:
        assert not find_plans(chat((WED, "Ana", text)), languages=[lang]).is_empty(), text
    for text in lang.examples.get("not_proposals", ()):
        assert find_plans(chat((WED, "Ana", text)), languages=[lang]).is_empty(), text
    ask = next(
        p
        for p in proposals
        if find_plans(chat((WED, "A", p)), languages=[lang])["status"][0] == "vague"
    )
    for text in lang.examples.get("concrete", ()):
        plans = find_plans(chat((WED, "Ana", ask), (WED, "Ben", text)), languages=[lang])
        assert only(plans)["status"] == "scheduled", text
    for text in lang.vague:
        plans = find_plans(chat((WED, "Ana", ask), (WED, "Ben", text)), languages=[lang])
        assert only(plans)["status"] == "vague", text


SPANISH = """
name = "Español"
proposal = ['''\\b(?:tenemos|deberíamos)\\s+que\\s+vernos''', '''\\bquedamos\\b''']
concrete = ['''\\b(?P<relative>{relative_days})\\b''', '''\\b(?P<weekday>{weekdays})\\b''']
meeting = ["café", "cena", "vernos"]
vague = ["pronto", "algún día"]

[relative_days]
hoy = 0
"mañana" = 1

[weekdays]
lunes = 0
martes = 1
"miércoles" = 2
jueves = 3
viernes = 4
"sábado" = 5
domingo = 6

[months]
enero = 1
"""


def test_a_new_language_is_only_a_data_file(tmp_path: Path) -> None:
    path = tmp_path / "es.toml"
    path.write_text(SPANISH, encoding="utf-8")
    spanish = load_language(path)
    assert isinstance(spanish, Language)
    assert (spanish.code, spanish.name) == ("es", "Español")
    plans = find_plans(
        chat(
            (WED, "Ana", "tenemos que vernos pronto"),
            (WED + timedelta(minutes=2), "Ben", "¿el sábado?"),
            (WED + timedelta(days=1), "Ana", "Quedamos algún día", 1),
        ),
        languages=[spanish],
    )
    assert plans.select("status", "due").rows() == [
        ("scheduled", date(2024, 3, 9)),
        ("vague", None),
    ]


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (lambda t: t.replace('name = "Español"', 'name = "Español'), "", "not valid TOML"),
        (lambda t: t.replace("proposal = [", "proposals = ["), "proposals", "unknown key"),
        (lambda t: t.replace("meeting = [", "# meeting = ["), "meeting", "list of one or more"),
        (lambda t: t.replace(r"quedamos\b", r"quedamos(\b"), "proposal[1]", "Polars"),
        (lambda t: t.replace("domingo = 6", "domingo = 7"), "weekdays.domingo", "0 to 6"),
        (lambda t: t.replace("domingo = 6", 'domingo = "6"'), "weekdays.domingo", "0 to 6"),
        (lambda t: t.replace("enero = 1", "enero = 13"), "months.enero", "1 to 12"),
        (lambda t: t.replace("{weekdays}", "{dias}"), "concrete[1]", "{dias}"),
        (lambda t: t.replace("P<weekday>", "P<dia>"), "concrete[1]", "'dia'"),
        (lambda t: t.replace("[relative_days]", "[relative]"), "relative", "unknown key"),
        (lambda t: t.replace("hoy = 0", "hoy = -1"), "relative_days.hoy", "0 to 366"),
        (lambda t: t.replace(r"\b(?:tenemos|", r"ñ\b(?:tenemos|"), "proposal[0]", "'ñ'"),
        (lambda t: t.replace('meeting = ["café"', 'meeting = [""'), "meeting[0]", "non-empty"),
    ],
)
def test_a_broken_language_file_names_the_file_and_the_key(
    tmp_path: Path, change: Callable[[str], str], key: str, problem: str
) -> None:
    text = change(SPANISH)
    assert text != SPANISH, "the change did not apply"
    path = tmp_path / "es.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageError) as raised:
        load_language(path)
    message = str(raised.value)
    assert isinstance(raised.value, TwowayError)
    assert str(path) in message
    assert f"key `{key}`" in message if key else "key `" not in message
    assert problem in message


@pytest.mark.parametrize("code", shipped_languages())
def test_each_shipped_pattern_compiles_alone(code: str) -> None:
    # `language` skips this check at run time, so the suite makes it for every file.
    checked = load_language(resources.files("twoway.chats") / "plans" / f"{code}.toml")
    assert checked.proposal == language(code).proposal
    assert checked.concrete == language(code).concrete


def test_an_unchecked_bad_pattern_still_fails_when_run(tmp_path: Path) -> None:
    path = tmp_path / "es.toml"
    path.write_text(SPANISH.replace(r"quedamos\b", r"quedamos(\b"), encoding="utf-8")
    spanish = load_language(path, check=False)
    with pytest.raises(TwowayError, match=r"es\.toml"):
        find_plans(chat((WED, "Ana", "quedamos")), languages=[spanish])


def test_a_missing_language_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(LanguageError, match=r"nowhere\.toml"):
        load_language(tmp_path / "nowhere.toml")


# -- any text at all -------------------------------------------------------------


@st.composite
def chats(draw: st.DrawFn) -> pl.DataFrame:
    texts = draw(
        st.lists(
            st.one_of(
                st.text(max_size=60),
                st.none(),
                st.sampled_from(
                    [
                        "we should catch up",
                        "let's get coffee",
                        "Saturday?",
                        "tomorrow at 7pm",
                        "on se voit le 31 ?",
                        "the 31st",
                        "2/30",
                        "99/99",
                        "31 février",
                    ]
                ),
            ),
            max_size=25,
        )
    )
    gaps = draw(st.lists(st.integers(0, 20 * 24 * 3600), min_size=len(texts), max_size=len(texts)))
    kinds = draw(
        st.lists(
            st.sampled_from(["text", "text", "text", "media", "deleted", "call"]),
            min_size=len(texts),
            max_size=len(texts),
        )
    )
    at, rows, conversation = datetime(2020, 1, 1), [], 0
    for text, gap, kind in zip(texts, gaps, kinds, strict=True):
        at += timedelta(seconds=gap)
        conversation += gap > 3600
        rows.append((at, draw(st.sampled_from(["Ana", "Ben"])), text, conversation, kind))
    return chat(*rows)


@given(chats())
def test_any_chat_gives_plans_with_a_known_status(messages: pl.DataFrame) -> None:
    plans = find_plans(messages)
    assert plans.schema == PLAN_SCHEMA
    assert plans.height <= messages.height
    assert set(plans["status"]) <= {"scheduled", "vague"}
    assert plans["at"].is_sorted()
    scheduled = plans["status"] == "scheduled"
    assert (scheduled == plans["fixed_at"].is_not_null()).all()
    assert (scheduled == plans["due"].is_not_null()).all()
    assert (plans["fixed_at"].fill_null(plans["at"]) >= plans["at"]).all()
    assert (plans["fixed_at"] <= plans["at"] + timedelta(days=14)).fill_null(True).all()
    texts = set(messages.filter(pl.col("kind") == "text")["text"])
    assert set(plans["text"]) <= texts


@pytest.mark.parametrize(
    ("proposal", "answer", "due"),
    [
        ("wir sollten uns mal wieder treffen", "Samstag um 19 Uhr?", date(2024, 3, 9)),
        ("¿quedamos para tomar algo?", "el sábado a las 7", date(2024, 3, 9)),
    ],
)
def test_german_and_spanish_plans_are_found_and_dated(
    proposal: str, answer: str, due: date
) -> None:
    plan = only(
        find_plans(chat((WED, "Ana", proposal), (WED + timedelta(minutes=5), "Ben", answer)))
    )
    assert (plan["status"], plan["due"]) == ("scheduled", due)


def test_a_repeated_proposal_takes_the_day_a_later_message_gives_it() -> None:
    # Asked on day 0 and again on day 10; the answer on day 20 is too late for the
    # first ask but not for the repeat, so the plan (counted once) gets its day.
    plan = only(
        find_plans(
            chat(
                (WED, "Ana", "we should catch up"),
                (WED + timedelta(days=10), "Ana", "we should catch up!", 1),
                (WED + timedelta(days=20), "Ben", "yes! coffee on Saturday?", 1),
            )
        )
    )
    assert plan["text"] == "we should catch up"
    assert (plan["status"], plan["due"]) == ("scheduled", date(2024, 3, 30))
    assert plan["fixed_at"] == WED + timedelta(days=20)
