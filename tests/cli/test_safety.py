"""Safety and words: nothing a person owns is written over, file mistakes are one sentence
with exit code 2, reading creates nothing, names match as typed, plurals, table widths,
and the 5 : 1 line only for partners. Each test fails if its rule regresses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CHAT = EXAMPLES / "chat-with-sam.txt"
#: The test run's own settings, left out so the CLI chooses its settings as it would for a person.
RUN_BY_PYTEST = {"DATABASE_URL", "TWOWAY_DB", "DJANGO_SETTINGS_MODULE", "TWOWAY_SECRET_KEY"}
TWO_ROWS = (
    "at,by,to,kind,id,ref,value,note\n2026-03-01,Zoë,Sam,talk,,,,x\n2026-03-02,Sam,Zoë,talk,,,,y\n"
)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "alex-sam.csv"
    shutil.copy(EXAMPLES / "alex-sam.csv", path)
    return path


def _one_sentence(result: Any) -> None:
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err


def test_a_report_never_writes_over_its_own_input(twoway: Run, ledger: Path) -> None:
    before = ledger.read_bytes()
    for extra in ((), ("--force",)):
        result = twoway("report", ledger, "--me", "Alex", "--html", ledger, *extra)
        _one_sentence(result)
        assert "is the file this command reads" in result.error
    assert ledger.read_bytes() == before


def test_a_chat_report_never_writes_over_the_export(twoway: Run, tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    shutil.copy(CHAT, chat)
    result = twoway("analyze", chat, "--html", chat, "--force")
    _one_sentence(result)
    assert chat.read_bytes() == CHAT.read_bytes()


def test_a_file_twoway_did_not_write_is_never_replaced(
    twoway: Run, ledger: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.html"
    notes.write_text("<p>my own notes</p>", encoding="utf-8")
    result = twoway("report", ledger, "--me", "Alex", "--html", notes, "--force")
    _one_sentence(result)
    assert "is not a file twoway wrote" in result.error
    assert notes.read_text(encoding="utf-8") == "<p>my own notes</p>"


def test_a_previous_report_is_replaced_only_with_force(
    twoway: Run, ledger: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    assert twoway("report", ledger, "--me", "Alex", "--html", out).code == 0
    out.write_text(out.read_text(encoding="utf-8") + "<!-- mark -->", encoding="utf-8")
    again = twoway("report", ledger, "--me", "Alex", "--html", out)
    _one_sentence(again)
    assert "add --force to replace it" in again.error
    assert out.read_text(encoding="utf-8").endswith("<!-- mark -->")
    assert twoway("report", ledger, "--me", "Alex", "--html", out, "--force").code == 0
    assert not out.read_text(encoding="utf-8").endswith("<!-- mark -->")


def test_an_export_never_replaces_a_file_that_is_not_a_ledger(
    twoway: Run, fresh_store: Path | None, tmp_path: Path
) -> None:
    assert twoway("log", "talk", "--to", "Sam", "hello").code == 0
    photo = tmp_path / "sam.csv"
    photo.write_bytes(b"\x89PNG not a ledger")
    _one_sentence(twoway("export", "Sam", "-o", photo, "--force"))
    assert photo.read_bytes() == b"\x89PNG not a ledger"
    out = tmp_path / "export.csv"
    first = twoway("export", "Sam", "-o", out)
    assert first.code == 0
    assert "Wrote 1 event of Sam's ledger" in first.text  # not "1 events"
    _one_sentence(twoway("export", "Sam", "-o", out))
    assert twoway("export", "Sam", "-o", out, "--force").code == 0


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.csv", "no such file"),
        (lambda d: d, "is a folder"),
        (
            lambda d: _write(d / "header.csv", "at,by,to,kind,id,ref,value,note\n"),
            "has a header and no events yet",
        ),
        (lambda d: _write(d / "empty.csv", ""), "is empty"),
    ],
)
def test_file_mistakes_are_one_sentence_and_exit_code_2(
    twoway: Run, tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    path = make(tmp_path)
    result = twoway("report", path)
    _one_sentence(result)
    assert expected in result.error
    assert str(path) in result.error


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unwritable_output_is_one_sentence(twoway: Run, ledger: Path, tmp_path: Path) -> None:
    result = twoway("report", ledger, "--me", "Alex", "--html", tmp_path / "no" / "such" / "r.html")
    _one_sentence(result)
    assert "cannot be written" in result.error


def test_a_utf16_ledger_reads_like_its_utf8_original(twoway: Run, tmp_path: Path) -> None:
    utf8, utf16 = tmp_path / "a.csv", tmp_path / "b.csv"
    utf8.write_text(TWO_ROWS, encoding="utf-8")
    utf16.write_text(TWO_ROWS, encoding="utf-16")
    one, two = twoway("report", utf8, "--json"), twoway("report", utf16, "--json")
    assert two.code == 0, two.err
    assert one.out.replace("a.csv", "b.csv") == two.out


def test_names_match_whatever_their_case_and_accents(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, ledger: Path
) -> None:
    assert "You & Sam" in twoway("report", ledger, "--me", "alex").text
    accented = _write(tmp_path / "zoe.csv", TWO_ROWS)
    assert "You & Sam" in twoway("report", accented, "--me", "zoe").text
    assert twoway("log", "talk", "--to", "Zoë", "first").code == 0
    assert twoway("log", "talk", "--to", "zoe", "second").code == 0
    assert "2 entries" in twoway("list", "ZOE").text
    assert twoway("people", "--json").out.count('"name"') == 1


def test_the_five_to_one_line_is_only_for_partners(
    twoway: Run, fresh_store: Path | None, ledger: Path
) -> None:
    line = "about 5 to 1"
    assert line not in twoway("report", ledger, "--me", "Alex").text  # a file: kind unknown
    assert twoway("import", ledger, "--person", "Sam", "--me", "Alex", "--kind", "friend").code == 0
    assert line not in twoway("report", "Sam").text
    assert twoway("log", "talk", "--to", "Sam", "--relation", "partner", "hi").code == 0
    assert line in twoway("report", "Sam").text


@pytest.mark.parametrize("width", [80, 120])
def test_tables_fit_the_terminal_without_wrapped_headers(
    twoway: Run, fresh_store: Path | None, ledger: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert twoway("import", ledger, "--person", "Sam", "--me", "Alex").code == 0
    assert twoway("log", "talk", "--to", "Sam", "a long note " * 20).code == 0
    for args, header in (
        (("list",), ["#", "When", "Who", "Kind", "Note"]),
        (("people",), ["Name", "Kind", "Events", "Last event"]),
        (("report", "Sam"), None),
    ):
        out = twoway(*args).out
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= width, (args, width)
        if header:
            found = [line for line in lines if all(h in line for h in header)]
            assert found, (args, out[:400])


def test_reading_commands_create_nothing(tmp_path: Path) -> None:
    """In a real process, with the quick commands' own Django settings."""
    data = tmp_path / "data"
    env = {
        **{k: v for k, v in os.environ.items() if k not in RUN_BY_PYTEST},
        "TWOWAY_DATA_DIR": str(data),
    }
    for args in (["people"], ["list"], ["report", "Sam"], ["show", "3"], ["people", "--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "twoway", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    assert not data.exists()
