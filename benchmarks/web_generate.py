"""The data of the web benchmark (issue 4): stores that hold what the site's would.

- SQLite: one user ("bench-me", called Alex in the ledger) with one person,
  Sam, whose relationship has about 20,000 events over ten years, imported
  through `store.import_ledger` like any upload.
- PostgreSQL: 1,000 users with a few people each and 10,000,000 events in all.
  bench-me has the same Sam (imported), Robin (the same ledger, its rows spread
  through the table as if logged day by day among everyone else's) and Jordan.
  A few template ledgers are imported for real by a second user; every other
  relationship is a copy of a template's first rows (so its rows, fingerprints
  included, are what importing that much of the template would store), written
  in one INSERT ... SELECT in time order, with the table's secondary indexes
  and constraints dropped during the load and recreated from their own
  definitions afterwards, then VACUUM ANALYZE.

Ledgers come from `twoway.simulate` (every kind, ids and refs valid, ebb and
flow) with notes on some rows, and end on the day they are generated.

Run in a process whose settings point at the target database:
`python -m benchmarks.web_generate sqlite|postgres`; `benchmarks.web` does it.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from benchmarks.generate import NOTES
from twoway.core.ledger import Ledger, ledger_from_rows, to_rows
from twoway.simulate import Phase, simulate

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Bumped whenever the data changes, so an old store is made again.
VERSION: Final = 1
ME_USER: Final = "bench-me"
ME_NAME: Final = "Alex"
PERSON: Final = "Sam"  # imported: its rows sit together
SCATTERED: Final = "Robin"  # PostgreSQL only: the same ledger, rows spread among everyone's
WEEKS: Final = 522  # ten years
USERS: Final = 1000
TOTAL_EVENTS: Final = 10_000_000
#: Template ledgers' activity (1.0 is Sam's, about 20,000 events in ten years).
TEMPLATE_SCALES: Final = (0.6, 0.7, 0.8, 0.9, 1.0)
FIRST_NAMES: Final = (
    "Sam", "Robin", "Jordan", "Kim", "Noor", "Lee", "Maya", "Theo", "Ines", "Omar",
    "Zoë", "Ravi", "Lena", "Yusuf", "Ada", "Hugo", "Mina", "Kai", "Sofia", "Tariq",
)  # fmt: skip
#: The table `benchmarks.web` reads to reuse a PostgreSQL store; written last.
META_TABLE: Final = "bench_web_meta"


def phases(weeks: int, scale: float = 1.0) -> list[Phase]:
    """A busy relationship's story: support leaning one way, then the other, a season at a time."""

    def n(lo: int, hi: int) -> tuple[int, int]:
        return max(0, round(lo * scale)), max(1, round(hi * scale))

    base = Phase(
        weeks=1,
        support=n(5, 11),
        bids=(n(2, 4), n(2, 4)),
        starts=n(2, 5),
        together=n(1, 3),
        needs=n(0, 2),
        plans=n(0, 2),
        gratitude=n(1, 3),
        conflicts=n(0, 1),
    )
    ebb = replace(base, share=(0.3, 0.45), toward=(0.8, 0.9))
    flow = replace(base, share=(0.55, 0.7), toward=(0.9, 0.75), energy=(1.0, 0.5))
    out = []
    while weeks > 0:
        for season in (ebb, flow):
            if weeks > 0:
                out.append(replace(season, weeks=min(13, weeks)))
                weeks -= min(13, weeks)
    return out


def ledger(
    weeks: int = WEEKS,
    *,
    scale: float = 1.0,
    seed: int = 1,
    end: date | None = None,
    people: tuple[str, str] = (ME_NAME, PERSON),
) -> Ledger:
    """A simulated ledger of `weeks` ending on `end` (today), with a note on a third of the rows."""
    simulated = simulate(phases(weeks, scale), end=end or date.today(), people=people, seed=seed)
    rng = random.Random(seed)
    rows = to_rows(simulated)
    for row in rows:
        row["note"] = rng.choice(NOTES) if rng.random() < 0.33 else ""
    return ledger_from_rows(rows, "<web bench>", people=people)


def bench_user(username: str) -> User:
    """A user who never logs in with a password (hashing one with Argon2 is slow)."""
    from django.contrib.auth.models import User

    return User.objects.create(username=username, password="!")


def fill_sqlite(weeks: int = WEEKS) -> dict[str, Any]:
    """Fill the open, empty store with bench-me and Sam; returns what was made."""
    from twoway.web.ledger import store

    added = store.import_ledger(
        PERSON, ledger(weeks), me=ME_NAME, kind="partner", owner=bench_user(ME_USER)
    ).added
    return {"relationship_events": added, "total_events": added, "users": 1}


def spread(total: int, parts: int, cap: int, rng: random.Random) -> list[int]:
    """`parts` sizes between 1 and `cap` that add up to `total`: a few big, many small."""
    if not parts <= total <= parts * cap:
        raise ValueError(f"cannot split {total} into {parts} parts of 1 to {cap}")
    weights = [rng.lognormvariate(0.0, 0.9) for _ in range(parts)]
    whole = sum(weights)
    sizes = [min(cap, max(1, int(total * w / whole))) for w in weights]
    short = total - sum(sizes)
    i = 0
    while short:  # hand out (or take back) what rounding and the caps left, part by part
        j = i % parts
        step = min(cap - sizes[j], short) if short > 0 else -min(sizes[j] - 1, -short)
        sizes[j] += step
        short -= step
        i += 1
    return sizes


def fill_postgres(total: int = TOTAL_EVENTS, users: int = USERS, weeks: int = WEEKS) -> dict:
    """Fill the open, empty PostgreSQL store; returns what was made (see the module's doc)."""
    from django.db import connection

    from twoway.web.ledger import store
    from twoway.web.ledger.models import Person, Relationship

    rng = random.Random(4)
    me = bench_user(ME_USER)
    sam = ledger(weeks)
    store.import_ledger(PERSON, sam, me=ME_NAME, kind="partner", owner=me)
    keeper = bench_user("user0002")  # imported the templates the others copy
    for i, scale in enumerate(TEMPLATE_SCALES):
        name = FIRST_NAMES[i + 3]
        made = ledger(weeks, scale=scale, seed=10 + i, people=(ME_NAME, name))
        store.import_ledger(name, made, me=ME_NAME, kind="friend", owner=keeper)
    sources = {
        rel.person.name: (rel.pk, rel.events.count())
        for rel in Relationship.objects.select_related("person").filter(owner__in=[me, keeper])
    }
    templates = [sources[FIRST_NAMES[i + 3]] for i in range(len(TEMPLATE_SCALES))]
    # bench-me's other two people, then 998 users with 1 to 5 people each.
    people: list[tuple[User, str, str]] = [(me, SCATTERED, "partner"), (me, "Jordan", "friend")]
    others = [bench_user(f"user{n:04d}") for n in range(3, users + 1)]
    for user in others:
        names = rng.sample(FIRST_NAMES[1:], rng.randint(1, 5))
        people += [
            (user, name, rng.choice(("partner", "friend", "family", "other"))) for name in names
        ]
    made_people = Person.objects.bulk_create([Person(owner=u, name=n) for u, n, _ in people])
    rels = Relationship.objects.bulk_create(
        [
            Relationship(owner=u, person=p, kind=k, me_name=ME_NAME)
            for (u, _, k), p in zip(people, made_people, strict=True)
        ]
    )
    rest = total - sum(n for _, n in sources.values()) - sources[PERSON][1]
    cap = min(n for _, n in templates)
    sizes = spread(rest, len(rels) - 1, cap, rng)
    plan = [(rels[0].pk, sources[PERSON][0], sources[PERSON][1])]  # Robin: all of Sam's rows
    plan += [
        (rel.pk, rng.choice(templates)[0], size) for rel, size in zip(rels[1:], sizes, strict=True)
    ]
    with connection.cursor() as cursor:
        _bulk_copy(cursor.cursor, plan, [pk for pk, _ in sources.values()])
    return {
        "relationship_events": sources[PERSON][1],
        "total_events": total,
        "users": users,
    }


#: The event columns a copy takes from its template, in order.
_COLUMNS: Final = (
    "at, offset_minutes, date_only, by_me, kind, key, ref, value, note, extra, shared, fingerprint"
)


def _bulk_copy(cursor: Any, plan: list[tuple[int, int, int]], sources: list[int]) -> None:
    """Copy the first `size` rows of template `source` into each planned relationship."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks may pend at ALTER
    cursor.execute("SET work_mem = '512MB'")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute("CREATE TEMP TABLE bench_plan (rel bigint, source bigint, size int)")
    with cursor.copy("COPY bench_plan (rel, source, size) FROM STDIN") as copy:
        for row in plan:
            copy.write_row(row)
    cursor.execute(
        "CREATE TEMP TABLE bench_source AS SELECT relationship_id AS source, "
        f"row_number() OVER (PARTITION BY relationship_id ORDER BY id) AS rn, {_COLUMNS} "
        "FROM ledger_event WHERE relationship_id = ANY(%s)",
        [sources],
    )
    cursor.execute("CREATE INDEX ON bench_source (source, rn)")
    cursor.execute("ANALYZE bench_plan")
    cursor.execute("ANALYZE bench_source")
    before = _secondary(cursor)
    for name, kind, _ in before:
        if kind == "index":
            cursor.execute(f'DROP INDEX "{name}"')
        else:
            cursor.execute(f'ALTER TABLE ledger_event DROP CONSTRAINT "{name}"')
    # In time order, as if everyone had logged their events as they happened.
    cursor.execute(
        f"INSERT INTO ledger_event (relationship_id, {_COLUMNS}, created) "
        f"SELECT p.rel, {', '.join('s.' + c.strip() for c in _COLUMNS.split(','))}, now() "
        "FROM bench_plan p JOIN bench_source s ON s.source = p.source AND s.rn <= p.size "
        "ORDER BY s.at"
    )
    for name, kind, definition in before:
        if kind == "index":
            cursor.execute(definition)
        else:
            cursor.execute(f'ALTER TABLE ledger_event ADD CONSTRAINT "{name}" {definition}')
    if _secondary(cursor) != before:
        raise RuntimeError("the event table's indexes did not come back as they were")


def _secondary(cursor: Any) -> list[tuple[str, str, str]]:
    """The event table's indexes and constraints, primary key aside, as (name, kind, SQL)."""
    cursor.execute(
        "SELECT conname, 'constraint', pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'ledger_event'::regclass AND contype IN ('u', 'f') "
        "UNION ALL SELECT indexname, 'index', indexdef FROM pg_indexes "
        "WHERE tablename = 'ledger_event' AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = 'ledger_event'::regclass) "
        "ORDER BY 2, 1"
    )
    return [tuple(row) for row in cursor.fetchall()]


def finish_postgres(made: dict[str, Any], seconds: float) -> None:
    """VACUUM ANALYZE, then write the marker `benchmarks.web` looks for to reuse the store."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True  # VACUUM runs outside a transaction
    with raw.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) ledger_event")
        cursor.execute("ANALYZE")
        cursor.execute(
            f"CREATE TABLE {META_TABLE} (version int, generated_on date, seconds float, data jsonb)"
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} VALUES (%s, %s, %s, %s)",
            [VERSION, date.today(), seconds, json.dumps(made)],
        )


def main(argv: list[str]) -> int:
    """Fill the store the settings name (`sqlite` or `postgres`); print what was made as JSON."""
    from twoway.web.ledger import store

    which = argv[0] if argv else ""
    if which not in ("sqlite", "postgres"):
        raise SystemExit("usage: python -m benchmarks.web_generate sqlite|postgres [total]")
    t0 = time.perf_counter()
    store.open_store()
    if which == "sqlite":
        made = fill_sqlite()
        store.close_store()  # checkpoints the WAL into the file
    else:
        total = int(argv[1]) if len(argv) > 1 else TOTAL_EVENTS
        users = min(USERS, max(3, total // 10_000))
        made = fill_postgres(total, users)
        finish_postgres(made, time.perf_counter() - t0)
    print(json.dumps({**made, "seconds": time.perf_counter() - t0}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
