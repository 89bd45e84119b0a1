"""Finding and adding people, and reading their events: shared by the store's functions.

Models are imported inside the functions, because these modules are imported
before `open_store` has set Django up.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from twoway.core.names import check_name as core_check_name
from twoway.core.names import name_problem
from twoway.errors import TwowayError
from twoway.web.ledger import RELATIONSHIP_KINDS

if TYPE_CHECKING:
    import polars as pl
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Person, Relationship

LOCAL_USER = "local"  # the CLI's user before accounts were shared; see acting.py
DEFAULT_ME = "me"


def location() -> str:
    """Where the open store lives: its file, or its database name."""
    from django.db import connections

    conn = connections["default"]
    return str(conn.settings_dict["NAME"])


def default_me_name(owner: User) -> str:
    """The name you go by in your most recent relationship, else "me"."""
    from twoway.web.ledger.models import Relationship

    latest = Relationship.objects.filter(owner=owner).order_by("-created", "-pk").first()
    return latest.me_name if latest else DEFAULT_ME


def named(name: str, owner: User) -> Person | None:
    """The owner's person called `name`, whatever its case and accents ("zoe" finds Zoë)."""
    # Here, for start-up speed, like the models: the CLI imports this module first.
    from twoway.core.names import match_name
    from twoway.web.ledger.models import Person

    people = Person.objects.filter(owner=owner).select_related("relationship")
    found = people.filter(name__iexact=name.strip()).first()
    if found is not None:
        return found
    spelled = match_name(name, [p.name for p in people])
    return None if spelled is None else people.get(name=spelled)


def get_person(name: str, owner: User) -> Person:
    """The stored person called `name` (any case or accents), or an error listing who is stored."""
    from twoway.web.ledger.models import Person

    found = named(name, owner)
    if found is None:
        raise unknown(name, [p.name for p in Person.objects.filter(owner=owner)])
    return found


def unknown(name: str, known: list[str]) -> TwowayError:
    """The error for a name not in the store: who is, or how to add someone."""
    if not known:
        return TwowayError(
            f"there is no one in your store yet ({location()})",
            code="empty_store",
            name=name,
        )
    close = difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=1)
    hint = ""
    if close:
        hint = f" Did you mean {next(k for k in known if k.casefold() == close[0])}?"
    return TwowayError(
        f"no one called {name!r} in your store.{hint} People: {', '.join(known)}",
        code="unknown_person",
        name=name,
        candidates=known,
    )


def person_for_write(
    name: str, *, me_name: str, kind: str | None, new: bool, owner: User
) -> tuple[Person, Relationship, bool]:
    """The person called `name`, created with their relationship when missing.

    A missing name that looks like a typo of a stored one is refused unless
    `new` says it really is someone new.
    """
    from twoway.web.ledger.models import Person, Relationship

    if kind is not None and kind not in RELATIONSHIP_KINDS:
        raise TwowayError(f"unknown kind {kind!r}; expected one of {', '.join(RELATIONSHIP_KINDS)}")
    name = name.strip()
    found = named(name, owner)
    if found is not None:
        rel = found.relationship
        if kind and rel.kind != kind:
            rel.kind = kind
            rel.save(update_fields=["kind"])
        return found, rel, False
    check_name(name, "person")
    check_name(me_name, "your name")
    if name.casefold() == me_name.strip().casefold():
        raise TwowayError(
            f"you and the person cannot both be called {name!r}",
            code="same_person",
            option="me",
            name=name,
        )
    known = [p.name for p in Person.objects.filter(owner=owner)]
    close = difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=1)
    if close and not new:
        like = next(k for k in known if k.casefold() == close[0])
        raise TwowayError(
            f"no one called {name!r} in your store yet. Did you mean {like}?",
            code="maybe_new_person",
            option="new",
            name=name,
            candidates=[like],
        )
    person = Person.objects.create(owner=owner, name=name)
    rel = Relationship.objects.create(
        owner=owner, person=person, kind=kind or "other", me_name=me_name.strip()
    )
    return person, rel, True


def validate_name(value: str) -> None:
    """A form field's validator for the one rule for names (an empty field is left to `required`)."""
    from django.core.exceptions import ValidationError

    problem = name_problem(value) if value.strip() else None
    if problem is not None:
        raise ValidationError(problem[0].upper() + problem[1:] + ".", code="bad_name")


def check_name(name: str, what: str) -> None:
    """Refuse a name that breaks the one rule for names (`twoway.core.names`)."""
    core_check_name(name, what)


def floating(at: datetime) -> datetime:
    """A stored time back to the wall-clock time it was written as (see models.Event)."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def stored_frame(
    rel: Relationship,
    person_name: str,
    *,
    me_name: str | None = None,
    shared_only: bool = False,
    keys: Sequence[str] | None = None,
) -> pl.DataFrame:
    """A relationship's events as columns for `ledger_from_frame`, in time, then entry, order.

    One SQL query, read as plain tuples: Django's per-row conversion of a
    hundred thousand events costs more than the whole analysis of them.
    The owner's rows are `me_name`'s (default: `rel.me_name`), the others
    `person_name`'s: a linked partner's rows read in the viewer's names this way.
    `shared_only` reads the entries their writer shared, and no others; `keys`,
    when given, only the entries with one of those ledger ids.
    """
    import polars as pl
    from django.db import connection

    from twoway.web.ledger.models import Event

    q = connection.ops.quote_name
    # The time comes as the driver's plainest type, so no Python runs per row: text on
    # SQLite (Django's converter would parse each one), a timestamp without time zone on
    # PostgreSQL (Django's loader for aware ones is Python, ~4 us a row). `extra` as text
    # on both, so the columns' types never depend on the driver.
    at = (
        f"({q('at')} AT TIME ZONE 'UTC')"
        if connection.vendor == "postgresql"
        else f"CAST({q('at')} AS TEXT)"
    )
    where = f"{q('relationship_id')} = %s" + (f" AND {q('shared')} = %s" if shared_only else "")
    params: list[Any] = [rel.pk, True] if shared_only else [rel.pk]
    if keys is not None:
        where += f" AND {q('key')} IN ({', '.join(['%s'] * len(keys))})" if keys else " AND 1 = 0"
        params += list(keys)
    sql = (
        f"SELECT {q('id')}, {at}, {q('offset_minutes')}, {q('date_only')}, {q('by_me')}, "
        f"{q('kind')}, {q('key')}, {q('ref')}, {q('value')}, {q('note')}, "
        f"CAST({q('extra')} AS TEXT) FROM {q(Event._meta.db_table)} "
        f"WHERE {where} ORDER BY {q('at')}, {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    schema = {
        "pk": pl.Int64,
        "at": pl.String if rows and isinstance(rows[0][1], str) else pl.Datetime("us"),
        "offset": pl.Int32,
        "date_only": pl.Boolean,
        "by_me": pl.Boolean,
        "kind": pl.String,
        "id": pl.String,
        "ref": pl.String,
        "value": pl.String,
        "note": pl.String,
        "extra": pl.String,
    }
    # Column by column: several times faster than Polars reading rows of tuples.
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    raw = pl.DataFrame(
        [
            pl.Series(name, column, dtype)
            for (name, dtype), column in zip(schema.items(), columns, strict=True)
        ]
    )
    by_me = pl.col("by_me")
    me, them = pl.lit(rel.me_name if me_name is None else me_name), pl.lit(person_name)
    frame = raw.select(
        _floating(raw.get_column("at")),
        "offset",
        "date_only",
        by=pl.when(by_me).then(me).otherwise(them),
        to=pl.when(by_me).then(them).otherwise(me),
        kind="kind",
        id="id",
        ref="ref",
        value="value",
        note="note",
        # Evidence names a row without a ledger id by its database id.
        key=pl.when(pl.col("id") == "").then(pl.format("#{}", pl.col("pk"))).otherwise(pl.lit("")),
    )
    extras = raw.select(pl.arg_where(pl.col("extra").is_not_null() & (pl.col("extra") != "{}")))
    found = {i: _extra(raw["extra"][i]) for i in extras.to_series().to_list()}
    for name in dict.fromkeys(k for e in found.values() for k in e):
        column = [found[i].get(name, "") if i in found else "" for i in range(raw.height)]
        frame = frame.with_columns(pl.Series(name, column, pl.String))
    return frame


def _floating(series: pl.Series) -> pl.Series:
    """Stored times (SQLite's text, or PostgreSQL's read in UTC) as wall-clock datetimes."""
    import polars as pl

    if series.dtype == pl.String:
        parsed = [series.str.to_datetime(f, time_unit="us", strict=False) for f in _SQL_TIMES]
        return pl.select(pl.coalesce(parsed)).to_series().alias("at")
    if isinstance(series.dtype, pl.Datetime) and series.dtype.time_zone:
        series = series.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return series.cast(pl.Datetime("us"))


#: How SQLite holds Django's datetimes: UTC, with or without microseconds.
_SQL_TIMES = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M:%S")


def _extra(value: object) -> dict[str, str]:
    """An event's extra columns, whether the driver gives JSON text or a decoded object."""
    if isinstance(value, str):
        value = json.loads(value) if value else {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
