"""The words of a chat's moments: a count per person and kind, with dated examples."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from twoway.chats.analysis import analyze_chat
from twoway.chats.messages import MESSAGE_SCHEMA, Chat
from twoway.render.moment_words import moment_lines, moments_read_line

START = datetime(2025, 3, 3, 18, 0)


def chat(*lines: tuple[str, str]) -> Chat:
    rows = [
        (START + timedelta(minutes=2 * i), who, text, "text", i + 1)
        for i, (who, text) in enumerate(lines)
    ]
    return Chat("whatsapp", "sam.txt", pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row"))


def test_each_person_and_kind_gets_a_count_and_examples() -> None:
    report = analyze_chat(
        [
            chat(
                ("Sam", "I didn't get the job"),
                ("Alex", "oh no, I'm so sorry, that's awful"),
                ("Sam", "thank you for always being there"),
                ("Alex", "grazie mille per tutto, amico mio caro"),
            )
        ],
        me="Alex",
    )
    assert moment_lines(report) == [
        "Sam thanked you once, e.g. 3 Mar 2025: “thank you for always being there”",
        "You comforted Sam once, e.g. 3 Mar 2025: “oh no, I'm so sorry, that's awful”",
    ]
    line = moments_read_line(report)
    assert "rules layer" in line
    assert "0.7 or more" in line
    assert "1 message(s) in a language it does not read" in line


def test_the_html_chat_report_shows_the_same_sentences() -> None:
    from twoway.render.chat_html import render_chat_html

    report = analyze_chat(
        [chat(("Sam", "my dog died this morning"), ("Alex", "so sorry for your loss"))]
    )
    html = render_chat_html(report)
    assert 'id="moments-h">Moments of care</h2>' in html
    assert "Alex comforted Sam once, e.g. 3 Mar 2025: “so sorry for your loss”" in html
