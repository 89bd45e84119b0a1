"""The moments bench: its quality tables are computed on the held-out part, its speed child runs."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from benchmarks import chat_generate, moments


def test_the_quality_tables_cover_every_kind_and_language_of_the_held_out_part() -> None:
    out = io.StringIO()
    misses, doc = moments.quality(Console(file=out, width=200))
    text = out.getvalue()
    from twoway.chats.moments import evaluate as ev

    held = sum(len(c.messages) for c in ev.held_out())
    assert held > 400
    assert f"held-out part: {held} messages" in text
    assert set(doc["held_out"]) == {
        f"{lang}/{kind}"
        for lang in ("en", "de", "fr", "es", "all")
        for kind in ("support", "gratitude", "need", "repair", "checkin")
    }
    # every miss names a language and kind below its target, and nothing else is called one
    for key, c in doc["held_out"].items():
        lang, kind = key.split("/")
        if lang == "all":
            continue
        p_goal, r_goal = moments.TARGETS["en" if lang == "en" else "other"]
        short = (c["precision"] or 0) < p_goal or (c["recall"] or 0) < r_goal
        assert short == any(m.startswith(f"moments {lang} {kind}:") for m in misses)
    assert "confusion, held-out" in text


def test_the_speed_child_finds_moments_in_every_table() -> None:
    for case in ("worst", "distinct", "chat", "chat-distinct"):
        result = moments.child(case, 500)
        assert result["messages"] == 500
        assert result["moments"] > 0
        assert result["seconds"] > 0
    assert moments.child("distinct", 500)["distinct"] == 500, "no text repeats"
    assert moments.child("chat-distinct", 2000)["distinct"] == 2000, "no text repeats"
    assert len({chat_generate.nonce(i) for i in range(10_000)}) == 10_000


def test_one_part_is_scored_alone_and_a_held_out_part_shows_no_mistakes() -> None:
    out = io.StringIO()
    moments.part(Console(file=out, width=200), "heldout3")
    text = out.getvalue()
    assert "part heldout3:" in text
    assert "cells meeting both targets:" in text
    assert "/20" in text
    with pytest.raises(SystemExit, match="no such part"):
        moments.part(Console(file=io.StringIO()), "heldout9")
    for blind in (
        "heldout",
        "heldout3",
        "heldout4",
        "heldout5",
        "dev+heldout2",
        "dev3+heldout4",
        "dev4+heldout5",
    ):
        with pytest.raises(SystemExit, match="tuning parts only"):
            moments.mistakes(Console(file=io.StringIO()), blind)
    out = io.StringIO()
    moments.mistakes(Console(file=out, width=300), "train")
    assert all(line.split()[0] in ("en", "de", "fr", "es") for line in out.getvalue().splitlines())
