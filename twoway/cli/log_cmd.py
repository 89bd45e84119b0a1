"""`twoway log`: add one event to a person's ledger, by you, now, unless told otherwise."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import click

from twoway.cli.common import (
    account_option,
    console,
    echo_json,
    for_writing,
    new_option,
    relation_option,
)
from twoway.cli.options import DateParam, WhenParam, db_option, json_flag, me_when_new
from twoway.core.events import KINDS, REF_TARGET, RESPONSES, STYLES, Event
from twoway.errors import TwowayError

#: Options that fill `value`, and the kind each one goes with.
_VALUE_OPTIONS = {
    "style": "support",
    "energy": "together",
    "response": "response",
    "due": "commitment",
}


def _value(kind: str, options: dict[str, Any], value: str | None) -> str:
    """The event's `value` from whichever option gave it; a mismatch is an error."""
    given = {name: v for name, v in options.items() if v is not None}
    for name, fits in _VALUE_OPTIONS.items():
        if name in given and kind != fits:
            raise TwowayError(f"--{name} goes with `{fits}`, not with `{kind}`")
    if value is not None:
        given["value"] = value
    if len(given) > 1:
        raise TwowayError(f"give one of {', '.join('--' + n for n in given)}, not several")
    if kind == "response" and not given:
        raise TwowayError("a response needs --response: toward, away or against")
    if kind == "together" and not given:
        raise TwowayError("`together` needs --energy, from -2 (drained) to 2 (energized)")
    raw = next(iter(given.values()), "")
    return raw.isoformat() if isinstance(raw, date) else str(raw)


def _hint(kind: str, key: str, person: str, by_me: bool) -> str | None:
    """The command that answers what was just logged, so the id is easy to use."""
    them, me = f"--by {_quote(person)}", f"--to {_quote(person)}"
    if kind == "bid":
        return f"twoway log response {them if by_me else me} --ref {key} --response toward"
    if kind == "commitment":
        return f"twoway log kept {me if by_me else them} --ref {key}   (or: log broken ...)"
    if kind == "need":
        return f"twoway log met {them if by_me else me} --ref {key}"
    if kind == "boundary":
        return f"twoway log crossed {them if by_me else me} --ref {key}"
    return None


def _as_json(logged: Any) -> dict[str, Any]:
    """What `twoway log --json` prints: the entry as `twoway list --json` shows it, and more."""
    e = logged.event
    return {
        "id": logged.pk,
        "key": e.id or None,
        "person": logged.person,
        "at": e.at.date().isoformat() if e.date_only else e.at.isoformat(),
        "by": e.by,
        "to": e.to,
        "kind": e.kind,
        "ref": e.ref or None,
        "value": e.value or None,
        "note": e.note,
        "created_person": logged.created_person,
        "answer_with": _hint(e.kind, e.id, logged.person, e.by == logged.me_name) if e.id else None,
    }


def _quote(name: str) -> str:
    return name if re.fullmatch(r"[\w.-]+", name) else json.dumps(name, ensure_ascii=False)


@click.command("log")
@click.argument("kind", type=click.Choice(sorted(KINDS), case_sensitive=False), metavar="KIND")
@click.argument("note", required=False, default="")
@click.option("--to", "to_name", metavar="NAME", help="You did it, for NAME.")
@click.option("--by", "by_name", metavar="NAME", help="NAME did it, for you.")
@click.option(
    "--at",
    type=WhenParam(),
    default=None,
    help="When: YYYY-MM-DD, YYYY-MM-DDTHH:MM (an offset such as +01:00 is kept), "
    'HH:MM today, or words: "yesterday", "last friday 19:00", "3 days ago". Default: now.',
)
@click.option("--style", type=click.Choice(STYLES), help="For support: the kind of support.")
@click.option(
    "--energy", type=click.IntRange(-2, 2), help="For together: -2 (drained) to 2 (energized)."
)
@click.option("--response", type=click.Choice(RESPONSES), help="For response: how a bid was met.")
@click.option("--due", type=DateParam(), help="For commitment: the day it is due (else vague).")
@click.option("--value", help="The value as a ledger writes it (e.g. weekly for a checkin).")
@click.option("--id", "event_id", metavar="ID", help="An id for later rows to refer to.")
@click.option("--ref", metavar="ID", help="The id this row answers (a bid, commitment, need ...).")
@me_when_new
@relation_option
@new_option
@json_flag("Print the entry logged as JSON (docs/json.md) instead of a sentence.")
@account_option
@db_option
def log(
    kind: str,
    note: str,
    to_name: str | None,
    by_name: str | None,
    at: tuple[datetime, int | None, bool] | None,
    style: str | None,
    energy: int | None,
    response: str | None,
    due: date | None,
    value: str | None,
    event_id: str | None,
    ref: str | None,
    me: str | None,
    relation: str | None,
    new: bool,
    as_json: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Add one event to a ledger, in seconds. By you, now, unless you say otherwise.

    KIND is one of the ledger's kinds (support, talk, bid, response, checkin,
    gratitude, commitment, kept, broken, need, met, boundary, crossed, together,
    conflict, repair); NOTE says what happened. Use --to NAME for what you did
    and --by NAME for what they did. Bids, commitments, needs and boundaries get
    an id, printed, so a later row can answer them with --ref.

    \b
    Examples:
      twoway log support --to Sam --style listen "heard me out about the move"
      twoway log bid --by Sam "sent a photo of the new flat"
      twoway log response --to Sam --ref bid-1 --response toward
      twoway log together --to Sam --energy 2 --at 2024-03-09
      twoway log gratitude --by Sam --at yesterday "made dinner when I was late"
      twoway log commitment --to Sam --due 2024-03-20 "cinema on Friday"
    """
    kind = kind.lower()
    if bool(to_name) == bool(by_name):
        raise TwowayError("say who it was with: --to NAME when you did it, --by NAME when they did")
    if kind in REF_TARGET and not ref:
        raise TwowayError(f"a {kind} needs --ref: the id of the {REF_TARGET[kind]} it answers")
    event_value = _value(
        kind, {"style": style, "energy": energy, "response": response, "due": due}, value
    )
    name = (to_name or by_name or "").strip()
    store, owner = for_writing(db, account)
    stored = store.find_person(name, owner)
    if stored:
        me_name = store.me_name_for(stored, owner)
        if me and me.strip() != me_name:
            raise TwowayError(f"{stored}'s ledger calls you {me_name}; leave out --me or use that")
    else:
        me_name = (me or store.default_me_name(owner)).strip()
    person = stored or name
    when, offset, date_only = at or (datetime.now().replace(microsecond=0), None, False)
    by, to = (me_name, person) if to_name else (person, me_name)
    event = Event(
        at=when,
        by=by,
        kind=kind,
        to=to,
        id=(event_id or "").strip(),
        ref=(ref or "").strip(),
        value=event_value,
        note=note,
        offset_minutes=offset,
        date_only=date_only,
    )
    logged = store.add_event(person, event, owner=owner, kind=relation, new=new)
    if as_json:
        echo_json(_as_json(logged))
        return
    out = console()
    if logged.created_person:
        out.print(
            f"Added {logged.person} to your people ({relation or 'other'}); "
            f"you are {logged.me_name} in this ledger."
        )
    e = logged.event
    who = f"from you to {logged.person}" if to_name else f"from {logged.person} to you"
    when_text = e.at.date().isoformat() if e.date_only else e.at.strftime("%Y-%m-%d %H:%M")
    detail = f" ({e.value})" if e.value else ""
    out.print(f"Logged {e.kind} {who} on {when_text}{detail}" + (f": {e.note}" if e.note else "."))
    if e.id:
        out.print(f"Its id is [bold]{e.id}[/].")
        hint = _hint(e.kind, e.id, logged.person, bool(to_name))
        if hint:
            out.print(f"Later, answer it with:  {hint}", markup=False, soft_wrap=True)
