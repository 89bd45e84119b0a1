"""The practices' part of an account: I-statements and your sides of role reversals.

    "practices": {"i_statements": [{"person": "Sam", "feeling": "tired", "situation": "...",
                                    "need": "...", "sentence": "...", "created": "..."}],
                  "role_reversals": [{"person": "Sam", "situation": "the move",
                                      "proposed": "...", "my_side": "..." | null,
                                      "created": "..." | null}]}

A role reversal goes out when you proposed it or wrote your side of it; its
situation goes with your side, as the question it answers, but the partner's
side never does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import User

from twoway.errors import TwowayError
from twoway.web.ledger.lookup import get_person
from twoway.web.ledger.models import Relationship
from twoway.web.ledger.parts import AccountPart, Tally, a_list, an_object, deleted, field_of
from twoway.web.ledger.writing import Progress
from twoway.web.practices.models import IStatement, RoleReversal, RoleReversalSide
from twoway.web.together import access

_STATEMENT_TEXT = ("feeling", "situation", "need", "sentence")


class PracticesPart(AccountPart):
    """I-statements and role reversals."""

    name = "practices"
    items: ClassVar[Mapping[str, tuple[str, str]]] = {
        "i_statements": ("I-statement", "I-statements"),
        "role_reversals": ("role reversal", "role reversals"),
        "sides": ("side of a role reversal", "sides of role reversals"),
    }
    needs = ("ledger",)

    def export(self, owner: User) -> dict[str, Any]:
        """The owner's I-statements, and the role reversals they proposed or wrote a side of."""
        statements = IStatement.objects.filter(relationship__owner=owner).select_related(
            "relationship__person"
        )
        sides = {s.exercise_id: s for s in RoleReversalSide.objects.filter(writer__owner=owner)}
        exercises = (
            RoleReversal.objects.filter(id__in=sides.keys())
            | RoleReversal.objects.filter(home__owner=owner)
        ).distinct()
        rels = {r.pk: r for r in Relationship.objects.filter(owner=owner).select_related("person")}
        return {
            "i_statements": [
                {
                    "person": s.relationship.person.name,
                    **{f: getattr(s, f) for f in _STATEMENT_TEXT},
                    "created": s.created.isoformat(),
                }
                for s in sorted(statements, key=lambda s: (s.created, s.pk))
            ],
            "role_reversals": [
                _export_exercise(e, sides.get(e.pk), rels)
                for e in sorted(exercises, key=lambda e: (e.created, e.pk))
            ],
        }

    def counts(self, data: Mapping[str, Any]) -> dict[str, int]:
        """I-statements, role reversals and your sides of them (shapes checked)."""
        statements = a_list(data, "i_statements", "practices")
        for i, raw in enumerate(statements):
            _read_statement(raw, f"practices.i_statements[{i}]")
        exercises = a_list(data, "role_reversals", "practices")
        sides = 0
        for i, raw in enumerate(exercises):
            sides += _read_exercise(raw, f"practices.role_reversals[{i}]")[3] is not None
        return {"i_statements": len(statements), "role_reversals": len(exercises), "sides": sides}

    def restore(
        self, owner: User, data: Mapping[str, Any], progress: Progress | None = None
    ) -> Tally:
        """What the owner lacks: an I-statement by its text and day, an exercise by its situation."""
        tally = Tally.of(self.items)
        for i, raw in enumerate(data.get("i_statements", [])):
            person, fields = _read_statement(raw, f"practices.i_statements[{i}]")
            rel = get_person(person, owner).relationship
            created = fields.pop("created")
            found = IStatement.objects.filter(relationship=rel, **fields, created=created)
            if found.exists():
                tally.count("i_statements", added=False)
                continue
            row = IStatement.objects.create(relationship=rel, **fields)
            IStatement.objects.filter(pk=row.pk).update(created=created)
            tally.count("i_statements", added=True)
        for i, raw in enumerate(data.get("role_reversals", [])):
            _restore_exercise(owner, _read_exercise(raw, f"practices.role_reversals[{i}]"), tally)
        return tally

    def delete(self, owner: User) -> dict[str, int]:
        """The owner's I-statements, sides, and the exercises they proposed."""
        return deleted(
            IStatement.objects.filter(relationship__owner=owner),
            RoleReversalSide.objects.filter(writer__owner=owner),
            RoleReversal.objects.filter(home__owner=owner),
        )


PART = PracticesPart()


def _export_exercise(
    exercise: RoleReversal, side: RoleReversalSide | None, rels: Mapping[int, Relationship]
) -> dict[str, Any]:
    rel = rels[side.writer_id if side is not None else exercise.home_id]
    return {
        "person": rel.person.name,
        "situation": exercise.situation,
        "proposed": exercise.created.isoformat(),
        "my_side": None if side is None else side.text,
        "created": None if side is None else side.created.isoformat(),
    }


def _stamp(value: object, where: str) -> datetime:
    try:
        if isinstance(value, str):
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    raise TwowayError(f"{where}: expected a time such as 2025-05-01T09:00:00+00:00")


def _read_statement(raw: object, where: str) -> tuple[str, dict[str, Any]]:
    item = an_object(raw, where)
    fields: dict[str, Any] = {f: field_of(item, f, str, where) for f in _STATEMENT_TEXT}
    fields["created"] = _stamp(field_of(item, "created", str, where), f"{where}.created")
    return field_of(item, "person", str, where), fields


_Exercise = tuple[str, str, datetime, str | None, datetime | None]


def _read_exercise(raw: object, where: str) -> _Exercise:
    item = an_object(raw, where)
    person = field_of(item, "person", str, where)
    situation = field_of(item, "situation", str, where)
    proposed = _stamp(field_of(item, "proposed", str, where), f"{where}.proposed")
    if item.get("my_side") is None:
        return person, situation, proposed, None, None
    text = field_of(item, "my_side", str, where)
    return person, situation, proposed, text, _stamp(item.get("created"), f"{where}.created")


def _restore_exercise(owner: User, exercise: _Exercise, tally: Tally) -> None:
    person, situation, proposed, text, created = exercise
    rel = get_person(person, owner).relationship
    found = RoleReversal.objects.filter(
        home_id__in=access.pair_ids(rel), situation=situation, created=proposed
    ).first()
    tally.count("role_reversals", added=found is None)
    if found is None:
        found = RoleReversal.objects.create(home=access.home(rel), situation=situation)
        RoleReversal.objects.filter(pk=found.pk).update(created=proposed)
    if text is None:
        return
    side, added = RoleReversalSide.objects.get_or_create(
        exercise=found, writer=rel, defaults={"text": text}
    )
    if added:
        RoleReversalSide.objects.filter(pk=side.pk).update(created=created)
    tally.count("sides", added=added)
