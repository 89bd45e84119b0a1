"""A whole account at once: export it as one JSON document, restore it, delete it.

The account is the sum of its apps' parts. Each app that keeps rows for an
account names an `AccountPart` in its AppConfig (`account_part`); `parts()`
finds them the way Django finds models, so this module knows no app's tables:

    {"format": "twoway-account", "schema": 2, "exported_at": "2025-06-01T09:00:00+00:00",
     "manifest": {"ledger": {"people": 4, "events": 120, "shared": 3, "assessments": 2},
                  "rituals": {...}, "practices": {...}},
     "ledger": {"people": [...]}, "rituals": {...}, "practices": {...}}

A restore reads the whole file and checks it against its manifest before it
writes anything, then restores every part in one transaction: all of it, or
nothing and one sentence saying why. Schema 1 files (before the parts) are read
too.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string

from twoway.errors import TwowayError
from twoway.web.ledger.parts import AccountPart, kind_of
from twoway.web.ledger.writing import Progress

__all__ = [
    "FORMAT",
    "SCHEMA",
    "RestoreResult",
    "check_export",
    "delete_account",
    "export_account",
    "parse_export",
    "parts",
    "restore_account",
]

#: The export's `format` and `schema`: a restore refuses anything newer.
FORMAT = "twoway-account"
SCHEMA = 2

_HEADER = {"format", "schema", "exported_at", "manifest"}


@functools.cache
def parts() -> tuple[AccountPart, ...]:
    """Every installed app's part, in the order they restore (a part after those it needs)."""
    found: list[AccountPart] = []
    for config in apps.get_app_configs():
        path = getattr(config, "account_part", None)
        if path is None:
            continue
        part: AccountPart = import_string(path)
        missing = [n for n in part.needs if n not in {p.name for p in found}]
        if missing:
            raise ImproperlyConfigured(
                f"{config.name} restores after {', '.join(missing)}: list that app first "
                "in INSTALLED_APPS"
            )
        found.append(part)
    return tuple(found)


def _portable() -> tuple[AccountPart, ...]:
    """The parts an export carries (a part without items only deletes)."""
    return tuple(p for p in parts() if p.items)


# --- export --------------------------------------------------------------------------------


def export_account(owner: User, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything stored for `owner` that travels, as a JSON-ready dict (see the docstring)."""
    body = {p.name: p.export(owner) for p in _portable()}
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": (now or datetime.now(UTC)).isoformat(),
        "manifest": {p.name: p.counts(body[p.name]) for p in _portable()},
        **body,
    }


# --- reading an export ---------------------------------------------------------------------


def parse_export(text: str) -> dict[str, Any]:
    """Read an export's JSON text and check it whole; a `TwowayError` says what is wrong."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise TwowayError(
            f"this is not a twoway account export: it is not JSON ({exc.msg} at line "
            f"{exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise TwowayError(
            "this is not a twoway account export: its values are nested too deeply to read"
        ) from None
    return check_export(data)


def check_export(data: object) -> dict[str, Any]:
    """Check an export whole against its manifest; returns it (a schema 1 export upgraded)."""
    if not isinstance(data, dict):
        raise TwowayError(
            f"this is not a twoway account export: expected a JSON object, got {kind_of(data)}"
        )
    if data.get("format") != FORMAT:
        raise TwowayError(
            f"this is not a twoway account export: `format` is {data.get('format')!r}, "
            f"expected {FORMAT!r}. A single person's ledger (CSV or JSON Lines) is imported "
            "as a ledger instead"
        )
    schema = data.get("schema")
    if isinstance(schema, bool) or schema not in (1, SCHEMA):
        newer = isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA
        why = " (it was made by a newer twoway; update this one first)" if newer else ""
        raise TwowayError(f"`schema` is {schema!r}; this twoway reads schemas 1 and {SCHEMA}{why}")
    if schema == 1:
        data = _from_schema_1(data)
    known = {p.name: p for p in _portable()}
    manifest = data.get("manifest")
    if not isinstance(manifest, dict):
        raise TwowayError(f"`manifest`: expected an object, got {kind_of(manifest)}")
    unknown = sorted((set(data) - _HEADER - set(known)) | (set(manifest) - set(known)))
    if unknown:
        raise TwowayError(
            f"this export holds {', '.join(f'`{u}`' for u in unknown)}, which this twoway does "
            "not know (it was made by a newer twoway; update this one first)"
        )
    for name, part in known.items():
        body = data.get(name, {})
        if not isinstance(body, dict):
            raise TwowayError(f"`{name}`: expected an object, got {kind_of(body)}")
        held = part.counts(body)
        listed = manifest.get(name, {})
        if listed != held:
            raise TwowayError(
                f"this export is not whole: its manifest lists {_counted(part, listed)} in "
                f"`{name}`, but it holds {_counted(part, held)}; was the file cut short or changed?"
            )
    return data


def _counted(part: AccountPart, counts: object) -> str:
    if not isinstance(counts, dict):
        return kind_of(counts)
    words = [
        f"{n} {part.items[item][0 if n == 1 else 1] if item in part.items else item}"
        for item, n in counts.items()
    ]
    return ", ".join(words) or "nothing"


def _from_schema_1(data: dict[str, Any]) -> dict[str, Any]:
    """A schema 1 export (one list of people, each with a `together` block) in today's shape."""
    people = data.get("people")
    if not isinstance(people, list):
        raise TwowayError(f"`people`: expected a list, got {kind_of(people)}")
    ledger: list[Any] = []
    rituals: dict[str, list[Any]] = {"rituals": [], "checkins": [], "reminders": []}
    practices: dict[str, list[Any]] = {"i_statements": [], "role_reversals": []}
    when = data.get("exported_at") if isinstance(data.get("exported_at"), str) else None
    for person in people:
        if not isinstance(person, dict) or not isinstance(person.get("together", {}), dict):
            ledger.append(person)  # the ledger's part says what is wrong with it
            continue
        together = person.get("together", {})
        name = person.get("name")
        ledger.append({k: v for k, v in person.items() if k != "together"})
        ledger[-1]["shared_rows"] = together.get("shared_rows", [])
        now = when or datetime.now(UTC).isoformat()
        for r in together.get("rituals", []):
            rituals["rituals"].append({"person": name, "created": now, **r})
        for c in together.get("checkins", []):
            if not isinstance(c, dict):
                rituals["checkins"].append(c)
                continue
            part = {"answers": c.get("answers"), "shared": c.get("shared"), "created": now}
            fields = {k: c.get(k) for k in ("cadence", "period", "started_by_me")}
            rituals["checkins"].append({"person": name, **fields, "started": now, "part": part})
        for s in together.get("i_statements", []):
            practices["i_statements"].append({"person": name, **s})
        for e in together.get("role_reversals", []):
            if not isinstance(e, dict):
                practices["role_reversals"].append(e)
                continue
            practices["role_reversals"].append(
                {
                    "person": name,
                    "situation": e.get("situation"),
                    "proposed": now,
                    "my_side": e.get("my_side"),
                    "created": now,
                }
            )
    body = {
        "ledger": {"people": ledger},
        "rituals": rituals,
        "practices": practices,
    }
    known = {p.name: p for p in _portable()}
    manifest = {name: known[name].counts(part) for name, part in body.items() if name in known}
    return {"format": FORMAT, "schema": SCHEMA, "manifest": manifest, **body}


# --- restore --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Restored:
    """One kind of item a restore brought back: its words, how many added, how many were there."""

    part: str
    item: str
    one: str
    many: str
    added: int
    present: int

    def words(self) -> str:
        """ "12 events added, 3 already there"."""
        what = self.one if self.added == 1 else self.many
        there = f", {self.present:,} already there" if self.present else ""
        return f"{self.added:,} {what} added{there}"


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did, part by part and item by item; `notes` say what came back changed."""

    items: tuple[Restored, ...]
    notes: tuple[str, ...] = field(default=())

    def added(self, item: str) -> int:
        """How many of `item` ("events", "rituals", ...) were added."""
        return sum(r.added for r in self.items if r.item == item)

    def present(self, item: str) -> int:
        """How many of `item` were already stored, and left as they were."""
        return sum(r.present for r in self.items if r.item == item)

    def as_json(self) -> dict[str, Any]:
        """JSON-ready, for an import job's result and its status page."""
        return {
            "restored": [
                {
                    "part": r.part,
                    "item": r.item,
                    "added": r.added,
                    "present": r.present,
                    "words": r.words(),
                }
                for r in self.items
                if r.added or r.present
            ],
            "notes": list(self.notes),
        }


def restore_account(
    owner: User, data: Mapping[str, Any], *, progress: Progress | None = None
) -> RestoreResult:
    """Add an export's every part to `owner`'s account, all or nothing.

    The whole file is checked first (its shape, its manifest); each part then
    adds what the owner does not have yet, so restoring the same export twice
    adds nothing the second time. A bad export raises a `TwowayError` naming
    the place (`ledger.people[2].events[14], field `at`: ...`) and stores
    nothing. `progress(stage, done, total)` hears how many events are checked.
    """
    checked = check_export(dict(data))
    items: list[Restored] = []
    notes: list[str] = []
    with transaction.atomic():
        for part in _portable():
            tally = part.restore(owner, checked.get(part.name, {}), progress)
            for item, (one, many) in part.items.items():
                added, present = tally.added.get(item, 0), tally.present.get(item, 0)
                items.append(Restored(part.name, item, one, many, added, present))
            notes.extend(tally.notes)
    return RestoreResult(tuple(items), tuple(notes))


# --- delete ---------------------------------------------------------------------------------


def delete_account(user: User) -> dict[str, int]:
    """Remove the user and everything of theirs; returns how many rows went, by model.

    Each part deletes its own rows, the last restored first; then the user's
    sessions (which hold the user's id inside their data rather than as a key),
    the record of their logins, and the user, whose cascade takes what is left.
    """
    removed: dict[str, int] = {}

    def add(counts: Mapping[str, int]) -> None:
        for label, n in counts.items():
            removed[label] = removed.get(label, 0) + n

    with transaction.atomic():
        for part in reversed(parts()):
            add(part.delete(user))
        add({"sessions.Session": _delete_sessions(user)})
        add(_delete_login_records(user))
        add(user.delete()[1])
    return {label: n for label, n in sorted(removed.items()) if n}


def _delete_sessions(user: User) -> int:
    if not apps.is_installed("django.contrib.sessions") or settings.SESSION_ENGINE not in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }:
        return 0
    from django.contrib.sessions.models import Session  # only when the app is installed

    mine = str(user.pk)
    # The user id is inside the encoded data, so every session has to be read once.
    keys = [
        s.session_key
        for s in Session.objects.iterator(chunk_size=500)
        if str(s.get_decoded().get("_auth_user_id")) == mine
    ]
    engine: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for key in keys:
        engine(session_key=key).delete()  # through the store, so a cache forgets it too
    return len(keys)


def _delete_login_records(user: User) -> dict[str, int]:
    """django-axes' log of the user's successful logins (failures stay: they guard the name)."""
    if not apps.is_installed("axes"):
        return {}
    from axes.models import AccessLog  # only when the app is installed

    n, _ = AccessLog.objects.filter(username=user.get_username()).delete()
    return {"axes.AccessLog": n}
