"""The migration `0008_assessment_kinder_scale`: stored answers keep their meaning and score."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps
from django.contrib.auth.models import User

from twoway.core import assessment
from twoway.web.ledger.models import Assessment, Person, Relationship

migration = importlib.import_module("twoway.web.ledger.migrations.0008_assessment_kinder_scale")

#: Answers stored before the change, under the old keys, and the score the old reverse-scoring
#: gave them (the code before the change computed these).
OLD = [
    ({"energy": 4, "count_on": 2, "hard_talks": 5, "repair": 3, "showed_up": 4,
      "explaining": 4, "plans": 2, "heard": 3}, 40.6),
    ({"energy": 2, "count_on": 3, "hard_talks": 2, "repair": 1, "showed_up": 3,
      "explaining": 5, "plans": 4, "heard": 2}, 37.5),
]  # fmt: skip


def test_old_answers_move_to_the_kinder_scale_and_back(db: None) -> None:
    owner = User.objects.create_user(username="ana")
    rel = Relationship.objects.create(
        owner=owner, person=Person.objects.create(owner=owner, name="Ben"), me_name="Ana"
    )
    rows = [
        Assessment.objects.create(relationship=rel, taken_on=date(2025, 5, d), answers=a, score=s)
        for d, (a, s) in enumerate(OLD, start=1)
    ]
    new = dict.fromkeys(assessment.KEYS, 3)
    already = Assessment.objects.create(
        relationship=rel, taken_on=date(2025, 6, 1), answers=new, score=50.0
    )
    migration.forwards(apps, None)
    for row, (old, then) in zip(rows, OLD, strict=True):
        row.refresh_from_db()
        assert sorted(row.answers) == sorted(assessment.KEYS)
        assert row.answers["hard_talks_both"] == 6 - old["hard_talks"]
        assert row.answers["needs_met"] == 6 - old["explaining"]
        # the same meaning: today's scoring of the moved answers is the score stored then
        assert assessment.score(row.answers) == row.score == then
    already.refresh_from_db()
    assert already.answers == new
    migration.backwards(apps, None)
    for row, (old, _) in zip(rows, OLD, strict=True):
        row.refresh_from_db()
        assert row.answers == old
