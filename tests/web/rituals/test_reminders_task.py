"""The reminders' task: each run queues the next, and only one run ever waits."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from twoway.web.rituals.tasks import (
    EVERY,
    schedule_next,
    send_due_reminders,
    start_reminders,
    waiting,
)


def test_a_run_queues_the_next_one_a_few_minutes_later(db: None) -> None:
    before = timezone.now()
    assert send_due_reminders.call() == 0
    (row,) = waiting()
    assert row.task_path == "twoway.web.rituals.tasks.send_due_reminders"
    assert before + EVERY <= row.run_after <= timezone.now() + EVERY


def test_runs_after_runs_leave_one_waiting(db: None) -> None:
    for _ in range(3):
        send_due_reminders.call()
    assert waiting().count() == 1


def test_starting_a_worker_queues_a_run_at_once_unless_one_is_waiting(db: None) -> None:
    start_reminders()
    (first,) = waiting()
    assert first.run_after <= timezone.now()
    start_reminders()
    assert list(waiting()) == [first]


def test_when_two_workers_queued_a_run_each_only_the_earliest_is_kept(db: None) -> None:
    now = timezone.now()
    early = send_due_reminders.using(run_after=now + timedelta(minutes=2)).enqueue()
    send_due_reminders.using(run_after=now + timedelta(minutes=4)).enqueue()
    schedule_next(EVERY)
    assert [str(r.id) for r in waiting()] == [str(early.id)]


def test_old_finished_runs_are_cleared_away(db: None) -> None:
    old = send_due_reminders.enqueue()
    DBTaskResult.objects.filter(id=old.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=2)
    )
    recent = send_due_reminders.enqueue()
    DBTaskResult.objects.filter(id=recent.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )
    schedule_next(EVERY)
    ids = {str(i) for i in DBTaskResult.objects.values_list("id", flat=True)}
    assert old.id not in ids
    assert recent.id in ids
