"""`stored_frame` reads times back as written, whatever the database hands it.

SQLite gives Django's datetimes naive (or as text); PostgreSQL (psycopg) gives
aware datetimes in the connection's time zone. Both must come back as the same naive
wall-clock times, so these tests run in both passes of `make test`.
"""

from __future__ import annotations

from datetime import datetime
from types import ModuleType

import polars as pl
from django.db import connection

from twoway.core.events import Event
from twoway.web.ledger.lookup import get_person, stored_frame
from twoway.web.ledger.models import Event as EventRow

TIMES = [
    datetime(2024, 3, 31, 2, 30),  # a time that does not exist in Europe on that night
    datetime(2024, 1, 1, 0, 0),
    datetime(2024, 6, 1, 23, 59, 59, 123456),
    datetime(2023, 12, 31, 23, 30),  # late on New Year's Eve: a zone shift would change the year
]


def test_stored_times_come_back_as_the_wall_clock_times_written(
    store: ModuleType, on_postgres: bool
) -> None:
    for n, at in enumerate(TIMES):
        store.add_event("Sam", Event(at, by="me", kind="talk", note=f"t{n}", offset_minutes=60))
    rel = get_person("Sam", store.owner).relationship
    frame = stored_frame(rel, "Sam")
    assert frame.schema["at"] == pl.Datetime("us")  # naive: no zone to convert
    assert frame["at"].to_list() == sorted(TIMES)
    assert frame["offset"].to_list() == [60] * len(TIMES)
    with connection.cursor() as cursor:  # what the driver gives before stored_frame reads it
        cursor.execute(f"SELECT at FROM {EventRow._meta.db_table}")
        raw = cursor.fetchone()[0]
    if on_postgres:  # the case this test is for: aware datetimes, not SQLite's naive ones
        assert isinstance(raw, datetime)
        assert raw.tzinfo is not None


def test_events_at_the_same_time_keep_the_order_they_were_entered(store: ModuleType) -> None:
    at = datetime(2024, 3, 1, 18, 30)
    for note in ("first", "second", "third"):
        store.add_event("Sam", Event(at, by="Sam", kind="talk", note=note))
    store.add_event("Sam", Event(datetime(2024, 3, 1, 8, 0), by="me", kind="talk", note="morning"))
    frame = stored_frame(get_person("Sam", store.owner).relationship, "Sam")
    assert frame["note"].to_list() == ["morning", "first", "second", "third"]
    assert frame["by"].to_list() == ["me", "Sam", "Sam", "Sam"]


def test_an_empty_relationship_gives_an_empty_frame_with_a_time_column(store: ModuleType) -> None:
    store.add_event("Sam", Event(datetime(2024, 3, 1), by="me", kind="talk"))
    rel = get_person("Sam", store.owner).relationship
    rel.events.all().delete()
    frame = stored_frame(rel, "Sam")
    assert frame.height == 0
    assert frame.schema["at"] == pl.Datetime("us")


def test_extra_columns_come_back_as_text(store: ModuleType) -> None:
    event = Event(datetime(2024, 3, 1), by="me", kind="talk", extra={"mood": "tired", "n": "3"})
    store.add_event("Sam", event)
    store.add_event("Sam", Event(datetime(2024, 3, 2), by="me", kind="talk"))
    frame = stored_frame(get_person("Sam", store.owner).relationship, "Sam")
    assert frame["mood"].to_list() == ["tired", ""]
    assert frame["n"].to_list() == ["3", ""]
