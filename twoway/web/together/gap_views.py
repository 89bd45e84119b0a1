"""The perception gap page: care each way, as the giver logged it and as the other noticed it.

Everything comes from `twoway.core.together` over two ledgers: what the viewer
wrote (all of it) and what the linked partner shared (`ledgers.partner_ledger`,
shared entries only). The partner's private entries never reach this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from markupsafe import Markup

from twoway.core import together
from twoway.core import together_words as say
from twoway.core.together import GapAct, PerceptionGap, WhoseMove
from twoway.render.charts import gap_charts
from twoway.render.svg import render_figure
from twoway.render.words import day, span
from twoway.web.ledger.models import Relationship
from twoway.web.site import clock
from twoway.web.together import access, ledgers


@dataclass(frozen=True)
class Read:
    """What the page and the Together page's section show for one relationship on one day."""

    gap: PerceptionGap | None  # None when not linked
    move: WhoseMove | None  # None before anyone started anything


def read(request: HttpRequest, rel: Relationship, as_of: date) -> Read:
    """The gap (when linked) and whose move, as the owner of `rel` sees them on `as_of`."""
    me, them = rel.me_name, rel.person.name
    both = ledgers.sides(request, rel)
    if both.theirs is None:
        return Read(None, together.whose_move(both.mine, me, them, as_of))
    gap = together.perception_gap(both.mine, both.theirs, me, them, as_of)
    return Read(gap, together.whose_move(both.visible, me, them, as_of))


def _act(a: GapAct, me: str) -> dict[str, str]:
    one = say.ACTS[a.kind][0]
    return {
        "day": day(a.day),
        "what": one[0].upper() + one[1:],
        "direction": f"from you to {a.receiver}" if a.giver == me else f"from {a.giver} to you",
        "my_note": a.my_note,
        "their_note": a.their_note,
    }


def acts_by_side(gap: PerceptionGap) -> dict[str, list[dict[str, str]]]:
    """The latest window's acts, in the page's three lists."""
    out: dict[str, list[dict[str, str]]] = {"both": [], "me": [], "them": []}
    for a in gap.acts:
        out[a.seen].append(_act(a, gap.me))
    return out


def _windows(gap: PerceptionGap) -> list[dict[str, Any]]:
    return [
        {"span": span(w.start, w.end), "to_me": w.to_me, "from_me": w.from_me}
        for w in reversed(gap.windows)
    ]


@login_required
def gap(request: HttpRequest, pk: int) -> HttpResponse:
    """Care each way, window by window: logged by the giver, noticed by the other."""
    rel = access.mine(request.user, pk)
    as_of, problem = clock.as_of(request)
    partner = access.partner_side(rel)
    them = rel.person.name
    context: dict[str, Any] = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "partner": partner,
        "them": them,
        "problem": problem,
        "as_of_value": as_of.isoformat(),
        "move_about": say.MOVE_ABOUT,
    }
    found = read(request, rel, as_of)
    context["move"] = found.move
    context["move_none"] = say.MOVE_NONE
    if found.gap is not None:
        g = found.gap
        latest = g.windows[-1]
        context.update(
            gap=g,
            about=say.GAP_ABOUT.format(weeks=g.weeks),
            private=say.GAP_PRIVATE.format(them=them, their=f"{them}'s"),
            # Markup: svg.py escapes every piece of text it draws.
            chart=Markup("".join(render_figure(c, "gap") for c in gap_charts(g))),
            windows=_windows(g),
            latest=span(latest.start, latest.end),
            acts=acts_by_side(g),
        )
    return render(request, "together/gap.html", context)
