"""`twoway log`: one event in seconds, with clear refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

Run = Callable[..., Any]  # the `twoway` fixture: runs the CLI in-process


def exported(twoway: Run, person: str = "Sam") -> list[str]:
    result = twoway("export", person)
    assert result.code == 0, result.err
    return result.out.splitlines()


def test_log_support_for_someone_new(twoway: Run, fresh_store: Path | None) -> None:
    result = twoway(
        "log", "support", "--to", "Sam", "--style", "listen", "heard me out about the move",
        "--relation", "partner",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Added Sam to your people (partner); you are me in this ledger." in result.text
    assert "Logged support from you to Sam on" in result.text
    assert "(listen): heard me out about the move" in result.text
    row = exported(twoway)[1]
    assert row.startswith(date.today().isoformat())
    assert row.endswith(",me,Sam,support,,,listen,heard me out about the move")


def test_a_bid_gets_an_id_and_the_command_to_answer_it(
    twoway: Run, fresh_store: Path | None
) -> None:
    result = twoway("log", "bid", "--by", "Sam", "sent a photo")
    assert result.code == 0, result.err
    assert "Its id is bid-1." in result.text
    assert "twoway log response --to Sam --ref bid-1 --response toward" in result.text
    answer = twoway("log", "response", "--to", "Sam", "--ref", "bid-1", "--response", "toward")
    assert answer.code == 0, answer.err
    assert exported(twoway)[2].endswith(",me,Sam,response,,bid-1,toward,")


def test_a_dangling_ref_is_refused_with_exit_1(twoway: Run, fresh_store: Path | None) -> None:
    twoway("log", "talk", "--to", "Sam")
    result = twoway("log", "response", "--to", "Sam", "--ref", "bid-7", "--response", "away")
    assert result.code == 1
    assert "not logged: no bid with id 'bid-7' in this ledger" in result.error
    assert "Traceback" not in result.err
    assert len(exported(twoway)) == 2


def test_times_dates_and_offsets_are_kept_as_written(twoway: Run, fresh_store: Path | None) -> None:
    for when in ("2024-03-09", "2024-03-10T08:15", "2024-03-11T21:00+01:00"):
        result = twoway("log", "together", "--by", "Sam", "--energy", "-2", "--at", when)
        assert result.code == 0, result.err
    rows = exported(twoway)[1:]
    assert [r.split(",")[0] for r in rows] == [
        "2024-03-09",
        "2024-03-10T08:15:00",
        "2024-03-11T21:00:00+01:00",
    ]
    assert all(",-2," in r for r in rows)


def test_a_commitment_takes_its_due_date(twoway: Run, fresh_store: Path | None) -> None:
    result = twoway("log", "commitment", "--to", "Sam", "--due", "2024-03-20", "cinema")
    assert result.code == 0, result.err
    assert "twoway log kept --to Sam --ref commitment-1" in result.text
    assert exported(twoway)[1].endswith("commitment,commitment-1,,2024-03-20,cinema")


def test_you_can_give_your_name_for_someone_new(twoway: Run, fresh_store: Path | None) -> None:
    assert twoway("log", "talk", "--to", "Sam", "--me", "Alex").code == 0
    assert exported(twoway)[1].endswith(",Alex,Sam,talk,,,,")
    result = twoway("log", "talk", "--to", "Sam", "--me", "Al")
    assert result.code == 1
    assert "Sam's ledger calls you Alex" in result.error


def test_a_likely_typo_is_not_added_as_someone_new(twoway: Run, fresh_store: Path | None) -> None:
    twoway("log", "talk", "--to", "Jordan")
    result = twoway("log", "talk", "--to", "Jordn")
    assert result.code == 1
    assert "Did you mean Jordan? If Jordn really is someone new, add --new." in result.error
    assert twoway("log", "talk", "--to", "Jordn", "--new").code == 0


def test_mistakes_in_the_options_are_explained(twoway: Run, fresh_store: Path | None) -> None:
    cases = {
        ("log", "talk"): "say who it was with: --to NAME when you did it",
        ("log", "talk", "--to", "Sam", "--by", "Sam"): "say who it was with",
        ("log", "bid", "--to", "Sam", "--style", "listen"): "--style goes with `support`",
        ("log", "response", "--to", "Sam", "--ref", "b1"): "a response needs --response",
        ("log", "met", "--to", "Sam"): "a met needs --ref: the id of the need it answers",
        ("log", "together", "--to", "Sam"): "`together` needs --energy",
        ("log", "support", "--to", "Sam", "--style", "help", "--value", "x"): "not several",
    }
    for args, message in cases.items():
        result = twoway(*args)
        assert (result.code, message in result.error) == (1, True), (args, result.err)
    assert "No one in your store yet" in twoway("people").text


def test_a_bad_time_or_kind_is_a_usage_error(twoway: Run, fresh_store: Path | None) -> None:
    result = twoway("log", "talk", "--to", "Sam", "--at", "when the moon was blue")
    assert result.code == 2
    assert "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM, HH:MM or words" in result.error
    assert "got 'when the moon was blue'" in result.error
    assert "Traceback" not in result.err
    assert twoway("log", "hug", "--to", "Sam").code == 2
