"""One API write, end to end in one process: its CPU cost, and where it goes (pyinstrument).

The load table (`benchmarks/load.py`) measures writes through a real server, whose
rate depends on how busy the machine is; this measures what one write costs in
CPU, which does not. Writes go through Django's test client, so every middleware,
the token check, the view and the store run as under `twoway serve`.

    .venv/bin/python -m benchmarks.write_profile                  # CPU ms per write
    .venv/bin/python -m benchmarks.write_profile --profile        # and a pyinstrument tree
    DATABASE_URL=postgres://…/twoway_mine .venv/bin/python -m benchmarks.write_profile

The store is made once in bench-data/ (SQLite), or in the database `DATABASE_URL`
names (emptied first): one account, one relationship of ~20,000 events, a token.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from benchmarks.generate import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    """Make the store, run `writes` API writes, print CPU ms per write (and the profile)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.write_profile")
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument tree")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "twoway.web.settings"
    if not os.environ.get("DATABASE_URL"):
        path = DATA_DIR / "write-profile.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.environ["TWOWAY_DB"] = str(path)
    from benchmarks.load_setup import simulated_csv
    from twoway.web.ledger import store

    store.open_store(None)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from twoway.core.ledger import parse_ledger
    from twoway.web.api.tokens import issue_token
    from twoway.web.ledger.models import Person

    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
    user = User.objects.create_user(username="writer")
    token = issue_token(user, "profile")[1]
    ledger = parse_ledger(simulated_csv("Sam", 1), "Sam.csv")
    store.import_ledger("Sam", ledger, owner=user, me="Alex", new=True)
    person = Person.objects.get(owner=user, name="Sam")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    url = f"/api/people/{person.pk}/events"

    def write(i: int) -> None:
        body = {"at": "2024-03-01T12:00:00", "by": "me", "kind": "talk", "note": f"#{i}"}
        response = client.post(url, json.dumps(body), content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"write {i}: {response.status_code} {response.content[:300]!r}")

    for i in range(20):  # warm up: imports, caches, the first connection
        write(i)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(args.writes):
        write(1000 + i)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(color=sys.stdout.isatty(), show_all=False))
    events = person.relationship.events.count()
    print(
        f"{args.writes} writes into a ledger of {events:,} events: "
        f"{1000 * cpu / args.writes:.2f} CPU ms per write, {1000 * wall / args.writes:.2f} ms wall "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
