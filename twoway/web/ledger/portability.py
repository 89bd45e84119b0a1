"""The ledger's part of an account: people, their relationships, ledgers and self-assessments.

    "ledger": {"people": [{"name": "Sam", "kind": "partner", "me_name": "Alex",
                           "events": [{"at": "2025-05-01T18:30:00", "by": "Alex", ...}, ...],
                           "shared_rows": [0, 3],
                           "assessments": [{"taken_on": "2025-05-02", "answers": {...},
                                            "score": 62.5}],
                           "moment_reviews": [{"key": "moment-whatsapp-…-support",
                                               "verdict": "confirmed", "kind": "support",
                                               "style": "comfort"}]}]}

Each event is one row of the ledger interchange format, exactly as `twoway
export --format jsonl` writes it (`twoway.core.ledger.dumps`), and a restore
reads the rows back through the same parser as `twoway import`, so the account
export and the ledger files can never disagree. `shared_rows` are the places
(in `events`) of the entries shared with a linked partner; a restore shares
them again only in a relationship that is linked, since an entry written while
linked must never show to whoever the journal links with next
(`together.linking.unlink` makes them private for the same reason).
`moment_reviews` are what the owner said of the moments read from a chat
(`reviews`); an older export without them restores with none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from django.contrib.auth.models import User

from twoway.chats.figures import figures_report
from twoway.core import assessment as core_assessment
from twoway.core.ledger import Ledger, dumps, parse_ledger
from twoway.errors import BadInput, BadRow, NotOneRelationship, TwowayError
from twoway.web.ledger import reviews
from twoway.web.ledger.lookup import floating, get_person, person_for_write
from twoway.web.ledger.models import Assessment, ChatExport, MomentReview, Person, Relationship
from twoway.web.ledger.parts import AccountPart, Tally, a_list, an_object, field_of, kind_of
from twoway.web.ledger.store import relationship_ledger
from twoway.web.ledger.writing import Progress, import_ledger

_PERSON_FIELDS = {"name": str, "kind": str, "me_name": str, "events": list, "assessments": list}


class LedgerPart(AccountPart):
    """People, relationships, events (with their sharing flags) and self-assessments."""

    name = "ledger"
    items: ClassVar[Mapping[str, tuple[str, str]]] = {
        "people": ("person", "people"),
        "events": ("event", "events"),
        "shared": ("shared entry", "shared entries"),
        "assessments": ("self-assessment", "self-assessments"),
        "moment_reviews": ("moment review", "moment reviews"),
        "chat_exports": ("chat import remembered", "chat imports remembered"),
    }

    def export(self, owner: User) -> dict[str, Any]:
        """Every person of the owner's, by name, with their ledger and assessments."""
        rels = (
            Relationship.objects.filter(owner=owner)
            .select_related("person")
            .prefetch_related("assessments", "moment_reviews", "chat_exports")
            .order_by("person__name", "pk")
        )
        return {"people": [_export_person(rel) for rel in rels]}

    def counts(self, data: Mapping[str, Any]) -> dict[str, int]:
        """People, events, shared entries and assessments (each person's shape is checked)."""
        people = a_list(data, "people", "ledger")
        for i, person in enumerate(people):
            _check_person(person, f"ledger.people[{i}]")
        counts = {
            "people": len(people),
            "events": sum(len(p["events"]) for p in people),
            "shared": sum(len(p.get("shared_rows", [])) for p in people),
            "assessments": sum(len(p["assessments"]) for p in people),
            "moment_reviews": sum(len(p.get("moment_reviews", [])) for p in people),
        }
        # Listed only when there are some, so an export made before they were kept still
        # matches its manifest.
        chats = sum(len(p.get("chat_exports", [])) for p in people)
        if chats:
            counts["chat_exports"] = chats
        return counts

    def restore(
        self, owner: User, data: Mapping[str, Any], progress: Progress | None = None
    ) -> Tally:
        """Each person (when missing), then the events and assessments they do not have yet.

        Safe to repeat: events are matched by their fingerprint (as any import
        is) and assessments by their day and answers.
        """
        people: list[dict[str, Any]] = data.get("people", [])
        total = sum(len(p["events"]) for p in people)
        done = 0
        tally = Tally.of(self.items)
        for i, person in enumerate(people):
            where = f"ledger.people[{i}]"
            stage = f"Restoring {person['name']}"
            if progress:
                progress(stage, done, total)
            _restore_events(owner, person, where, tally, _within(progress, stage, done, total))
            _restore_assessments(owner, person, where, tally)
            _restore_reviews(owner, person, where, tally)
            _restore_chat_exports(owner, person, where, tally)
            done += len(person["events"])
        if progress:
            progress("Restored", total, total)
        private = tally.present.pop("private", 0)
        if private:
            tally.notes.append(
                f"{private:,} {'entry was' if private == 1 else 'entries were'} shared with a "
                "linked partner and came back private, because the relationship is not linked "
                "now; once you link again, you can share them from the journal."
            )
        return tally

    def delete(self, owner: User) -> dict[str, int]:
        """Every person of the owner's, and with them their relationship and all that hangs on it."""
        _, by_model = Person.objects.filter(owner=owner).delete()
        return by_model


PART = LedgerPart()


# --- export ------------------------------------------------------------------------------


def _export_person(rel: Relationship) -> dict[str, Any]:
    # An assessment alone adds a person without events; an empty ledger is not a ledger.
    events = ledger_rows(relationship_ledger(rel)) if rel.events.exists() else []
    # The ledger's rows come in time, then id, order: the same order as `events`.
    flags = rel.events.order_by("at", "pk").values_list("shared", flat=True)
    return {
        "name": rel.person.name,
        "kind": rel.kind,
        "me_name": rel.me_name,
        "events": events,
        "shared_rows": [i for i, shared in enumerate(flags) if shared],
        "assessments": [
            {"taken_on": a.taken_on.isoformat(), "answers": dict(a.answers), "score": a.score}
            for a in sorted(rel.assessments.all(), key=lambda a: (a.taken_on, a.pk))
        ],
        "moment_reviews": [
            {"key": r.key, "verdict": r.verdict, "kind": r.kind, "style": r.style}
            for r in sorted(rel.moment_reviews.all(), key=lambda r: r.key)
        ],
        "chat_exports": [
            _export_chat(c)
            for c in sorted(rel.chat_exports.all(), key=lambda c: (c.first_at, c.pk))
        ],
    }


def _export_chat(c: ChatExport) -> dict[str, Any]:
    def at(value: datetime | None) -> str | None:
        return floating(value).isoformat() if value is not None else None

    return {
        "source": c.source,
        "first_at": at(c.first_at),
        "last_at": at(c.last_at),
        "opening": c.opening,
        "by_me": c.by_me,
        "mine_at": at(c.mine_at),
        "mine_line": c.mine_line,
        "theirs_at": at(c.theirs_at),
        "theirs_line": c.theirs_line,
        "held": list(c.held),
        "figures": dict(c.figures),
    }


def ledger_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """A ledger's rows as the objects `twoway export --format jsonl` writes, one per line."""
    # Split on "\n" only: JSON escapes it inside strings, while other line breaks
    # (U+2028 in a note) stay raw in `dumps`' output.
    return [json.loads(line) for line in dumps(ledger, "jsonl").split("\n") if line]


# --- reading ------------------------------------------------------------------------------


def _check_person(person: object, where: str) -> None:
    item = an_object(person, where)
    for key, kind in _PERSON_FIELDS.items():
        field_of(item, key, kind, where)
    for j, raw in enumerate(a_list(item, "moment_reviews", where)):
        review = an_object(raw, f"{where}.moment_reviews[{j}]")
        for key in ("key", "verdict", "kind", "style"):
            field_of(review, key, str, f"{where}.moment_reviews[{j}]")
    rows = a_list(item, "shared_rows", where)
    count = len(item["events"])
    for j, chat in enumerate(a_list(item, "chat_exports", where)):
        _read_chat_export(chat, f"{where}.chat_exports[{j}]")
    for j, row in enumerate(rows):
        if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < count:
            raise TwowayError(
                f"{where}.shared_rows[{j}]: expected the place of one of the {count} events "
                f"(0 to {count - 1}), got {row!r}"
            )


def _restore_events(
    owner: User, person: Mapping[str, Any], where: str, tally: Tally, progress: Progress | None
) -> None:
    """Add the person (when missing) and their events, shared where they were and may be."""
    name, me_name = person["name"], person["me_name"]
    try:
        # `new`: an export may hold "Sam" and "Sami"; neither is a typo of the other.
        _, rel, created = person_for_write(
            name, me_name=me_name, kind=person["kind"], new=True, owner=owner
        )
    except TwowayError as exc:
        raise TwowayError(f"{where}: {exc}") from None
    tally.count("people", added=created)
    rows = person["events"]
    if not rows:
        return
    ledger = _read_rows(rows, f"{where}.events", (me_name, name))
    shared_rows = person.get("shared_rows", [])
    shared_before = rel.events.filter(shared=True).count()
    try:
        result = import_ledger(
            name,
            ledger,
            me=me_name,
            kind=person["kind"],
            new=True,
            owner=owner,
            progress=progress,
            # Row i is line i + 1 of what `_read_rows` parsed.
            shared_lines=[i + 1 for i in shared_rows],
        )
    except TwowayError as exc:
        raise _located(exc, f"{where}.events") from None
    tally.added["events"] += result.added
    tally.present["events"] += result.present
    if rel.linked_id is None:
        # Nothing is shared in a relationship that is not linked (see the docstring).
        tally.present["private"] = tally.present.get("private", 0) + len(shared_rows)
    else:
        tally.added["shared"] += rel.events.filter(shared=True).count() - shared_before


def _within(progress: Progress | None, stage: str, before: int, total: int) -> Progress | None:
    """One person's import progress as a part of the whole restore's: events checked of all."""
    if progress is None:
        return None
    report = progress

    def inner(inner_stage: str, done: int, _of: int) -> None:
        # Writing a checked batch is quick; the bar follows the checking.
        if inner_stage == "Checking rows":
            report(stage, before + done, total)

    return inner


def _read_rows(rows: list[Any], source: str, people: tuple[str, str]) -> Ledger:
    """Read event rows with `twoway import`'s own JSON Lines parser: one row per line."""
    # json.dumps escapes every line break and non-ASCII character, so row i is line i + 1.
    data = "\n".join(json.dumps(row) for row in rows).encode("ascii")
    try:
        return parse_ledger(data, source, fmt="jsonl", people=people)
    except TwowayError as exc:
        raise _located(exc, source) from None


def _located(exc: TwowayError, source: str) -> TwowayError:
    """A ledger error about `source, line N` said as `source[N - 1]`, the row's place in the list.

    Built from the error's fields (line N of the rows' JSON Lines is row N - 1), never
    from its sentence.
    """
    fields = {**exc.fields, "source": source}
    if isinstance(exc, BadRow):
        more = (
            f" (and {exc.more} more row{'s' if exc.more != 1 else ''} like it)" if exc.more else ""
        )
        fields.pop("option", None)  # a restore has no way to skip rows
        where = f"{source}[{exc.line - 1}]" if exc.line is not None else source
        text = f"{where}, field `{exc.field}`: {exc.expected}{more}"
        return TwowayError(text, code=exc.code, **fields)
    if isinstance(exc, BadInput):
        where = f"{source}[{exc.line - 1}]" if exc.line is not None else source
        return TwowayError(f"{where}: {exc.detail}", code=exc.code, **fields)
    if isinstance(exc, NotOneRelationship) and "names" in exc.fields:
        listing = ", ".join(f"{n['name']} ({source}[{n['line'] - 1}])" for n in exc.fields["names"])
        names = exc.fields["names"]
        expected = exc.fields.get("expected", "two people")
        if len(names) < 2:
            only = names[0]["name"] if names else "nobody"
            text = f"{source}: a ledger is one relationship between two people, but it names only {only}"
        else:
            text = (
                f"{source}: a ledger is one relationship between {expected}, "
                f"but it names {len(names)}: {listing}"
            )
        return TwowayError(text, code=exc.code, **fields)
    return exc


def _restore_assessments(owner: User, person: Mapping[str, Any], where: str, tally: Tally) -> None:
    """Add the assessments the person does not have yet."""
    rel = get_person(person["name"], owner).relationship
    stored = {(a.taken_on, _answers_key(a.answers)) for a in rel.assessments.all()}
    for j, raw in enumerate(person["assessments"]):
        taken_on, answers = _read_assessment(raw, f"{where}.assessments[{j}]")
        key = (taken_on, _answers_key(answers))
        if key in stored:
            tally.count("assessments", added=False)
            continue
        # The score follows from the answers; recomputing it keeps the two consistent.
        Assessment.objects.create(
            relationship=rel,
            taken_on=taken_on,
            answers=answers,
            score=core_assessment.score(answers),
        )
        stored.add(key)
        tally.count("assessments", added=True)


def _restore_reviews(owner: User, person: Mapping[str, Any], where: str, tally: Tally) -> None:
    """Add the moment reviews the person does not have yet, and apply them to their events."""
    rel = get_person(person["name"], owner).relationship
    stored = set(rel.moment_reviews.values_list("key", flat=True))
    for j, raw in enumerate(person.get("moment_reviews", [])):
        if raw["key"] in stored:
            tally.count("moment_reviews", added=False)
            continue
        event = rel.events.filter(key=raw["key"]).first()
        try:
            if event is not None:
                reviews.review(event, raw["verdict"], raw["kind"], raw["style"])
            else:  # its moment is not in the ledger: the review waits for a re-import
                reviews.check(raw["verdict"], raw["kind"], raw["style"])
                MomentReview.objects.create(
                    relationship=rel,
                    key=raw["key"],
                    verdict=raw["verdict"],
                    kind=raw["kind"],
                    style=raw["style"],
                )
        except TwowayError as exc:
            raise TwowayError(f"{where}.moment_reviews[{j}]: {exc}") from None
        stored.add(raw["key"])
        tally.count("moment_reviews", added=True)


def _read_assessment(raw: object, where: str) -> tuple[date, dict[str, int]]:
    if not isinstance(raw, dict):
        raise TwowayError(f"{where}: expected an object, got {kind_of(raw)}")
    taken = raw.get("taken_on")
    try:
        taken_on = date.fromisoformat(taken) if isinstance(taken, str) else None
    except ValueError:
        taken_on = None
    if taken_on is None:
        raise TwowayError(f"{where}.taken_on: expected a day such as 2025-05-02, got {taken!r}")
    answers = raw.get("answers")
    if not isinstance(answers, dict):
        raise TwowayError(f"{where}.answers: expected an object, got {kind_of(answers)}")
    try:
        return taken_on, core_assessment.normalize(answers)
    except TwowayError as exc:
        raise TwowayError(f"{where}.answers: {exc}") from None


def _read_chat_export(raw: object, where: str) -> dict[str, Any]:
    """A remembered chat import's fields, each checked; its times as stored (labelled UTC)."""
    item = an_object(raw, where)
    out: dict[str, Any] = {
        "source": field_of(item, "source", str, where),
        "opening": field_of(item, "opening", str, where),
        "by_me": field_of(item, "by_me", bool, where),
        "held": field_of(item, "held", list, where),
        "figures": an_object(item.get("figures", {}), f"{where}.figures"),
    }
    if out["figures"]:
        figures_report(out["figures"], f"{where}.figures")  # readable, or refused by name
    for key in ("first_at", "last_at", "mine_at", "theirs_at"):
        value = item.get(key)
        if value is None and key in ("mine_at", "theirs_at"):
            out[key] = None
            continue
        try:
            if not isinstance(value, str):
                raise TypeError
            out[key] = datetime.fromisoformat(value).replace(tzinfo=UTC)
        except (TypeError, ValueError):
            raise TwowayError(
                f"{where}.{key}: expected a time such as 2024-03-12T21:15:03, got {value!r}"
            ) from None
    for key in ("mine_line", "theirs_line"):
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise TwowayError(f"{where}.{key}: expected a whole number, got {kind_of(value)}")
        out[key] = value
    return out


def _restore_chat_exports(owner: User, person: Mapping[str, Any], where: str, tally: Tally) -> None:
    """Bring back the chat imports the person's ledger remembers, each once."""
    rel = get_person(person["name"], owner).relationship
    for j, raw in enumerate(person.get("chat_exports", [])):
        fields = _read_chat_export(raw, f"{where}.chat_exports[{j}]")
        _, created = ChatExport.objects.get_or_create(
            relationship=rel,
            source=fields.pop("source"),
            first_at=fields.pop("first_at"),
            last_at=fields.pop("last_at"),
            defaults=fields,
        )
        tally.count("chat_exports", added=created)


def _answers_key(answers: Mapping[str, Any]) -> str:
    return json.dumps(answers, sort_keys=True)
