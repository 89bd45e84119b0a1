"""How the command line words the library's errors: the sentence, then its own flags."""

from __future__ import annotations

from twoway.cli.errors import words
from twoway.errors import BadRow, TwowayError


def test_the_cli_adds_the_flag_for_the_setting_an_error_names() -> None:
    exc = TwowayError(
        "the dates are ambiguous",
        code="ambiguous_dates",
        option="date_order",
        candidates=["dmy", "mdy"],
    )
    assert words(exc) == "the dates are ambiguous; pass --date-order dmy or --date-order mdy"


def test_a_whole_sentence_gets_its_advice_as_one_more() -> None:
    exc = TwowayError(
        "no one called 'Jordn' yet. Did you mean Jordan?", code="maybe_new_person", name="Jordn"
    )
    assert words(exc).endswith("Did you mean Jordan? If Jordn really is someone new, add --new.")


def test_bad_rows_name_skip_bad_only_when_there_are_more() -> None:
    assert "--skip-bad" not in words(BadRow("a.csv", 4, "at", "expected a date"))
    assert words(BadRow("a.csv", 4, "at", "expected a date", more=2)).endswith(
        "(2 more bad rows); --skip-bad skips them"
    )


def test_an_error_without_a_setting_is_said_as_it_is() -> None:
    assert words(TwowayError("the file is empty")) == "the file is empty"
    assert TwowayError("the file is empty").code == "invalid_input"
