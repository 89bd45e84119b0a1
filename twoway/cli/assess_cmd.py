"""`twoway assess`: a short self-assessment of one relationship, stored with its date."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from twoway.cli.common import (
    account_option,
    console,
    echo_json,
    for_person,
    for_writing,
    new_option,
    relation_option,
)
from twoway.cli.options import DateParam, db_option, json_flag, me_when_new
from twoway.core import assessment
from twoway.errors import TwowayError

if TYPE_CHECKING:
    from rich.table import Table


def _questions_epilog() -> str:
    lines = [
        "\b",
        "The questions, in the order --answers takes them (1 .. 5; 5 is always where care",
        "flows most both ways):",
    ]
    for n, q in enumerate(assessment.QUESTIONS, start=1):
        text = textwrap.wrap(f"{n}. {q.key}: {q.text}", 74, subsequent_indent="   ")
        lines += [f"  {line}" for line in text]
        lines.append(f"     1 = {q.low}, 5 = {q.high}")
    return "\n".join(lines)


def _read_answers(answers: str | None, answers_file: str | None) -> dict[str, int] | None:
    """Answers given on the command line or in a file; None to ask interactively."""
    if answers and answers_file:
        raise TwowayError("give --answers or --answers-file, not both")
    if answers_file:
        try:
            text = Path(answers_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise TwowayError(f"{answers_file}: cannot be read ({exc.strerror})") from None
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise TwowayError(f"{answers_file}: not valid JSON ({exc.msg})") from None
            except RecursionError:
                raise TwowayError(f"{answers_file}: nested too deeply to be answers") from None
            return assessment.normalize(data)
        answers = text
    if answers is None:
        return None
    parts = [p.strip() for p in answers.replace("\n", ",").split(",") if p.strip()]
    return assessment.normalize(parts)


def _ask(person: str) -> dict[str, int]:
    out = console()
    total = len(assessment.QUESTIONS)
    out.print(f"{total} questions about how things feel with {person} lately. {assessment.SCALE}")
    answers: dict[str, int] = {}
    for n, q in enumerate(assessment.QUESTIONS, start=1):
        out.print()
        out.print(f"[bold]{n}/{total}[/]  {q.text}")
        out.print(f"      1 = {q.low}   ...   5 = {q.high}", markup=False)
        answers[q.key] = click.prompt("      Your answer", type=click.IntRange(1, 5))
    return answers


def _history_table(person: str, past: list[Any]) -> Table:
    from rich.table import Table

    table = Table(title=f"Assessments of {person}", title_justify="left")
    table.add_column("Date")
    table.add_column("Score", justify="right")
    for a in past:
        table.add_row(a.taken_on.isoformat(), f"{a.score:.0f}")
    return table


@click.command("assess", epilog=_questions_epilog())
@click.argument("person")
@click.option("--answers", metavar="4,3,...", help="All answers in question order, for scripts.")
@click.option(
    "--answers-file",
    type=click.Path(dir_okay=False),
    help='A file with the answers: "4,3,..." or a JSON object {"energy": 4, ...}.',
)
@click.option("--date", "taken_on", type=DateParam(), help="The day it was taken (default: today).")
@click.option("--history", is_flag=True, help="Show past assessments and the trend; ask nothing.")
@click.option("--replace", is_flag=True, help="Replace the assessment already taken on that day.")
@me_when_new
@relation_option
@new_option
@json_flag("Print the result as JSON.")
@account_option
@db_option
def assess(
    person: str,
    answers: str | None,
    answers_file: str | None,
    taken_on: date | None,
    history: bool,
    replace: bool,
    me: str | None,
    relation: str | None,
    new: bool,
    as_json: bool,
    account: str | None,
    db: str | None,
) -> None:
    """A short self-assessment of how care flows with PERSON, kept with the date.

    Asks a few questions (or takes --answers), prints a score from 0 to 100
    (higher: care flows more both ways) and how it moved since earlier
    assessments. It describes how things feel to you today; it is not a
    verdict on anyone.

    \b
    Examples:
      twoway assess Sam
      twoway assess Sam --answers 4,3,2,4,3,2,4,5
      twoway assess Sam --history
    """
    if history:
        store, owner = for_person(db, account, person)
        _show(person, store.assessments(person, owner), None, as_json)
        return
    day = taken_on or date.today()
    if day > date.today():
        raise TwowayError(
            f"--date {day.isoformat()} is in the future: an assessment says how things feel "
            "today or felt on a day that has passed"
        )
    given = _read_answers(answers, answers_file)
    store, owner = for_writing(db, account)
    name = store.find_person(person, owner) or person.strip()
    if not replace and store.assessment_on(person, day, owner) is not None:
        raise TwowayError(
            f"you already assessed {name} on {day.isoformat()}; "
            "add --replace to replace that score with a new one"
        )
    checked = given if given is not None else _ask(name)
    saved = store.save_assessment(
        person, checked, day, owner=owner, me=me, kind=relation, new=new, replace=replace
    )
    _show(name, store.assessments(person, owner), saved, as_json)


def _show(person: str, past: list[Any], saved: Any, as_json: bool) -> None:
    found = assessment.trend([(a.taken_on, a.score) for a in past])
    if as_json:
        data = {
            "person": person,
            "assessment": None
            if saved is None
            else {
                "taken_on": saved.taken_on.isoformat(),
                "answers": saved.answers,
                "score": saved.score,
                "summary": assessment.describe(saved.score),
            },
            "history": [{"taken_on": a.taken_on.isoformat(), "score": a.score} for a in past],
            "trend": {
                "count": found.count,
                "direction": found.direction,
                "change": found.change,
                "change_since_previous": found.change_since_previous,
                "summary": found.summary,
            },
        }
        echo_json(data)
        return
    out = console()
    if saved is None and not past:
        out.print(
            f"No assessments of {person} yet. Take one:  twoway assess {person}", markup=False
        )
        return
    if saved is not None:
        out.print()
        out.print(f"[bold]Score today: {saved.score:.0f} / 100[/]")
        out.print(assessment.describe(saved.score))
    else:
        out.print(_history_table(person, past))
    out.print(found.summary)
    out.print("[dim]This is how things feel to you today, not a verdict on anyone.[/]")
