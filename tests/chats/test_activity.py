"""The hour × weekday grid and each person's top words and emoji, on a known chat."""

from __future__ import annotations

from datetime import datetime

from tests.render.chat_known import SAM_AND_ALEX, chat, sam_and_alex
from twoway.chats.activity import TOP, hour_weekday, stop_words, top_terms
from twoway.chats.messages import messages_frame


def test_the_grid_counts_every_message_by_weekday_and_hour() -> None:
    grid = sam_and_alex().activity
    assert len(grid) == 7
    assert all(len(row) == 24 for row in grid)
    assert sum(map(sum, grid)) == len(SAM_AND_ALEX)
    monday, tuesday, wednesday = grid[0], grid[1], grid[2]
    assert monday[9] == 5  # four on the 4th, one on the 18th
    assert (monday[10], monday[14], monday[20], monday[21]) == (2, 1, 1, 1)
    assert tuesday[12] == 1  # the photo counts: it is a message
    assert wednesday[8] == 2


def test_top_words_leave_out_stop_words_numbers_and_single_letters() -> None:
    report = sam_and_alex()
    sam = dict(report.top_words["Sam"])
    alex = dict(report.top_words["Alex"])
    assert sam["coffee"] == 1
    assert "lunch" in alex
    assert "home" in alex
    for words in (sam, alex):
        assert not set(words) & stop_words()
        assert not any(w.isdigit() or len(w) == 1 for w in words)


def _rows(texts: list[tuple[str, str]]) -> list[tuple[datetime, str, str, str, int]]:
    return [
        (datetime(2024, 3, 4, 9, i), who, text, "text", i + 1)
        for i, (who, text) in enumerate(texts)
    ]


def test_most_used_first_ties_in_alphabetical_order_and_emoji_apart() -> None:
    frame = messages_frame(
        _rows(
            [
                ("Ana", "Klettern am Samstag? 🧗🧗"),
                ("Ana", "klettern oder Kino 😊"),
                ("Ben", "vamos a la playa 🏖️"),
                ("Ben", "<Media omitted>"),
            ]
        )
    ).with_columns(kind=__import__("polars").Series(["text", "text", "text", "media"]))
    words, emoji = top_terms(frame, ["Ana", "Ben"])
    assert words["Ana"] == [
        ("klettern", 2),
        ("kino", 1),
        ("samstag", 1),
    ]  # "am", "oder": German stop words
    assert words["Ben"] == [
        ("playa", 1),
        ("vamos", 1),
    ]  # "a", "la": Spanish ones; media has no words
    assert emoji["Ana"] == [("🧗", 2), ("😊", 1)]
    assert emoji["Ben"] == [("🏖", 1)]


def test_each_list_holds_at_most_the_top_ten() -> None:
    many = " ".join(f"word{chr(97 + i)}" * 1 for i in range(26))
    frame = messages_frame(_rows([("Ana", many)]))
    words, _ = top_terms(frame, ["Ana"])
    assert len(words["Ana"]) == TOP
    assert hour_weekday(frame)[0][9] == 1
    report = sam_and_alex()
    assert report.to_dict()["top_words"]["Sam"][0] == list(report.top_words["Sam"][0])
    assert chat(SAM_AND_ALEX).messages.height == len(SAM_AND_ALEX)
