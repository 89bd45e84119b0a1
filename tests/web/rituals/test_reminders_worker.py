"""`twoway worker` starts the reminders: the real worker runs them and queues the next run.

As in the imports' worker tests, the worker checks its database connection
between runs, which a test's open transaction does not survive: on PostgreSQL
these tests commit for real, on SQLite they use a store file of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import User
from django.core import mail
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.conftest import Result
from twoway.web.ledger.models import Person, Relationship
from twoway.web.rituals.models import ReminderPreference, ReminderSent, Ritual
from twoway.web.rituals.tasks import send_due_reminders, waiting


def test_the_worker_sends_the_reminders_due_and_leaves_the_next_run_waiting(
    committed_db: None, twoway: Callable[..., Result]
) -> None:
    user = User.objects.create_user(username="robin", email="robin@example.org")
    rel = Relationship.objects.create(
        owner=user, person=Person.objects.create(owner=user, name="Kim"), me_name="Robin"
    )
    soon = (datetime.now(UTC) + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    Ritual.objects.create(
        relationship=rel, cadence="daily", weekdays="1,2,3,4,5,6,7", at_time=soon, time_zone="UTC"
    )
    ReminderPreference.objects.create(user=user, by_email=True, minutes_before=60)

    result = twoway("worker", "--batch")
    assert result.code == 0, result.error
    (message,) = mail.outbox
    assert message.to == ["robin@example.org"]
    assert message.subject == f"Daily check-in with Kim, today at {soon:%H:%M}" or (
        message.subject == f"Daily check-in with Kim, tomorrow at {soon:%H:%M}"  # near midnight
    )
    assert ReminderSent.objects.filter(user=user).count() == 1
    runs = DBTaskResult.objects.filter(task_path=send_due_reminders.module_path)
    assert runs.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    (next_run,) = waiting()
    assert next_run.run_after > datetime.now(UTC)

    assert twoway("worker", "--batch").code == 0  # the next run is not due yet: nothing more
    assert len(mail.outbox) == 1
    assert waiting().count() == 1
