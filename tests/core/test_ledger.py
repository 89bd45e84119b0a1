"""The interchange format: reading, validating, writing back."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from twoway.core.ledger import dumps, events_of, ledger_from_events, parse_ledger
from twoway.errors import BadRow, NotOneRelationship, TwowayError
from twoway.files import load_ledger, save_ledger

DATA = Path(__file__).parent.parent / "data" / "ledgers"
HEADER = "at,by,to,kind,id,ref,value,note\n"


def bad(body: str, header: str = HEADER) -> str:
    with pytest.raises(TwowayError) as info:
        parse_ledger((header + body).encode(), "bad.csv")
    return str(info.value)


def test_csv_and_jsonl_fixtures_hold_the_same_ledger():
    csv_ledger = load_ledger(DATA / "alex-sam.csv")
    jsonl_ledger = load_ledger(DATA / "alex-sam.jsonl")
    assert csv_ledger.people == ("Alex", "Sam")
    assert len(csv_ledger) == 19
    assert dumps(csv_ledger) == dumps(jsonl_ledger)
    assert csv_ledger.extra_columns == ("place",)


def test_writing_and_reading_back_changes_nothing(tmp_path):
    ledger = load_ledger(DATA / "alex-sam.csv")
    for name in ("copy.csv", "copy.jsonl"):
        save_ledger(ledger, tmp_path / name)
        again = load_ledger(tmp_path / name)
        assert dumps(again) == dumps(ledger)
        assert again.frame.drop("line").equals(ledger.frame.drop("line"))


def test_events_round_trip_through_event_objects():
    ledger = load_ledger(DATA / "alex-sam.csv")
    rebuilt = ledger_from_events(events_of(ledger), people=ledger.people)
    assert dumps(rebuilt) == dumps(ledger)


def test_times_keep_their_offset_and_dates_stay_dates():
    ledger = load_ledger(DATA / "alex-sam.csv")
    text = dumps(ledger)
    assert "2026-03-04T21:00:00+01:00,Alex,Sam,talk" in text
    assert "\n2026-03-03,Sam,Alex,support" in text


def test_rows_are_ordered_by_time_and_ties_keep_file_order():
    ledger = parse_ledger(
        (
            HEADER + "2026-01-02,A,B,talk,,,,second\n2026-01-01,A,B,talk,,,,first\n"
            "2026-01-02,B,A,talk,,,,third\n"
        ).encode(),
        "t.csv",
    )
    assert ledger.frame["note"].to_list() == ["second", "first", "third"]  # as in the source
    assert ledger.in_time_order()["note"].to_list() == ["first", "second", "third"]
    assert dumps(ledger).splitlines()[1].endswith(",first")


def test_missing_to_is_filled_with_the_other_person():
    ledger = parse_ledger(b"at,by,kind\n2026-01-01,A,talk\n2026-01-02,B,talk\n", "t.csv")
    assert ledger.frame["to"].to_list() == ["B", "A"]


@pytest.mark.parametrize(
    ("body", "line", "field", "words"),
    [
        ("2026-13-01,A,B,talk,,,,\n", 2, "at", "ISO 8601"),
        ("yesterday,A,B,talk,,,,\n", 2, "at", "got 'yesterday'"),
        (",A,B,talk,,,,\n", 2, "at", "got nothing"),
        ("2026-01-01,,B,talk,,,,\n", 2, "by", "name"),
        ("2026-01-01,A,B,hug,,,,\n", 2, "kind", "got 'hug'"),
        ("2026-01-01,A,B,support,,,hug,\n", 2, "value", "listen"),
        ("2026-01-01,A,B,together,,,5,\n", 2, "value", "-2"),
        ("2026-01-01,A,B,commitment,c1,,soon,\n", 2, "value", "YYYY-MM-DD"),
        ("2026-01-01,A,B,bid,,,,\n", 2, "id", "needs an id"),
        ("2026-01-01,A,B,talk,,,,\n2026-01-01,B,A,response,,,toward,\n", 3, "ref", "bid"),
        ("2026-01-01,A,B,response,,b9,toward,\n", 2, "ref", "no bid with id 'b9'"),
        ("2026-01-01,A,B,bid,b1,,,\n2026-01-01,B,A,bid,b1,,,\n", 3, "id", "already used on line 2"),
        (
            "2026-01-01,A,B,bid,b1,,,\n2026-01-02,A,B,response,,b1,toward,\n",
            3,
            "by",
            "other person",
        ),
        ("2026-01-01,A,B,need,n1,,,\n2026-01-02,B,A,kept,,n1,,\n", 3, "ref", "is a need"),
        ("2026-01-01,A,A,talk,,,,\n", 2, "to", "same person"),
    ],
)
def test_a_bad_row_names_the_file_line_field_and_what_was_expected(body, line, field, words):
    message = bad(body)
    assert message.startswith(f"bad.csv, line {line}, field `{field}`")
    assert words in message


def test_the_count_of_further_bad_rows_is_given():
    message = bad("2026-13-01,A,B,talk,,,,\n2026-14-01,A,B,talk,,,,\n2026-01-01,A,B,talk,,,,\n")
    assert "(1 more bad row)" in message
    assert "--skip-bad" not in message  # the library names no flag; the CLI adds it


def test_line_numbers_stay_right_after_a_multi_line_note():
    message = bad('2026-01-01,A,B,talk,,,,"one\ntwo\nthree"\n2026-01-01,A,B,hug,,,,\n')
    assert message.startswith("bad.csv, line 5, field `kind`")


def test_a_third_name_is_an_error_listing_the_names():
    with pytest.raises(NotOneRelationship) as info:
        parse_ledger(
            (HEADER + "2026-01-01,Alex,Sam,talk,,,,\n2026-01-02,Kim,Alex,talk,,,,\n").encode(),
            "three.csv",
        )
    assert "three.csv" in str(info.value)
    assert "Alex (line 2), Sam (line 2), Kim (line 3)" in str(info.value)


def test_skip_bad_skips_counts_and_lists_each_row():
    ledger = parse_ledger(
        (
            HEADER + "2026-13-01,A,B,talk,,,,\n2026-01-01,A,B,bid,b1,,,\n"
            "2026-01-02,B,A,response,,b1,maybe,\n2026-01-03,B,A,talk,,,,\n"
        ).encode(),
        "s.csv",
        skip_bad=True,
    )
    assert len(ledger) == 2
    assert [(s.line, s.field) for s in ledger.skipped] == [(2, "at"), (4, "value")]


def test_skipping_an_opener_also_skips_the_rows_that_answer_it():
    ledger = parse_ledger(
        (
            HEADER + "2026-01-01,A,B,bid,b1,,,\n2026-01-01,A,B,bid,b1,,,\n"
            "2026-01-02,B,A,response,,b1,toward,\n2026-01-03,B,A,talk,,,,\n"
        ).encode(),
        "s.csv",
        skip_bad=True,
    )
    assert [s.field for s in ledger.skipped] == ["id"]
    assert len(ledger) == 3


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"at,by\n2026-01-01,A\n", "missing column kind"),
        (b"at,by,kind\n2026-01-01,A,talk,extra\n", "line 2"),
        (b"at,by,kind\n2026-01-01,\xff\xfe,talk\n", "not UTF-8"),
        (b"at,by,kind\n2026-01-01,A,talk\n", "names only A"),
        (b"at,by,kind, by\n2026-01-01,A,talk,B\n", "names the column 'by' twice"),
        (b"at,by,kind,at\n2026-01-01,A,talk,x\n", "names the column 'at' twice"),
        (b"at,by,kind,line\n2026-01-01,A,talk,7\n", "'line' is a name twoway keeps"),
        (b"at,by,kind,_x\n2026-01-01,A,talk,7\n", "'_x' is a name twoway keeps"),
    ],
)
def test_broken_files_get_a_clear_error(data, words):
    with pytest.raises(TwowayError) as info:
        parse_ledger(data, "broken.csv")
    assert words in str(info.value)
    assert "broken.csv" in str(info.value)


def test_extra_columns_may_have_any_name():
    data = b"at,by,to,kind,*,^x$,a b\n2026-01-01,A,B,talk,star,caret,space\n"
    ledger = parse_ledger(data, "odd.csv")
    assert ledger.extra_columns == ("*", "^x$", "a b")
    assert dumps(ledger).splitlines() == [
        "at,by,to,kind,id,ref,value,note,*,^x$,a b",
        "2026-01-01,A,B,talk,,,,,star,caret,space",
    ]


def test_a_header_without_rows_names_nobody():
    with pytest.raises(NotOneRelationship, match="names only nobody"):
        parse_ledger(HEADER.encode(), "empty.csv")


def test_jsonl_refuses_a_reserved_key_on_its_line():
    with pytest.raises(TwowayError, match=r"x\.jsonl, line 2: the column 'offset'"):
        parse_ledger(
            b'{"at":"2026-01-01","by":"A","to":"B","kind":"talk"}\n'
            b'{"at":"2026-01-01","by":"A","to":"B","kind":"talk","offset":3}\n',
            "x.jsonl",
        )


def test_broken_jsonl_names_the_line():
    with pytest.raises(TwowayError) as info:
        parse_ledger(
            b'{"at":"2026-01-01","by":"A","to":"B","kind":"talk"}\n{"at": nope}\n', "x.jsonl"
        )
    assert str(info.value).startswith("x.jsonl, line 2: not a JSON object")


def test_missing_file_is_a_plain_error(tmp_path):
    with pytest.raises(TwowayError, match="no such file"):
        load_ledger(tmp_path / "nope.csv")


def test_bad_row_carries_its_parts():
    with pytest.raises(BadRow) as info:
        parse_ledger(b"at,by,to,kind\n2026-01-01,A,B,hug\n", "p.csv")
    assert (info.value.source, info.value.line, info.value.field) == ("p.csv", 2, "kind")


cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(
                ["2026-01-01", "2026-02-30", "x", "", "2026-01-01T25:00", "2026-01-01T10:00Z"]
            ),
            st.sampled_from(["A", "B", "C", ""]),
            st.sampled_from(["A", "B", ""]),
            st.sampled_from(
                ["support", "bid", "response", "together", "commitment", "met", "nope", ""]
            ),
            st.sampled_from(["", "b1", "n1"]),
            st.sampled_from(["", "b1", "n1", "zz"]),
            cells,
            cells,
        ),
        max_size=8,
    ),
    skip=st.booleans(),
)
def test_no_ledger_gives_a_traceback(rows, skip):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER.strip().split(","), *rows])
    try:
        ledger = parse_ledger(buf.getvalue().encode(), "fuzz.csv", skip_bad=skip)
    except TwowayError:
        return
    assert len(ledger) + len(ledger.skipped) <= len(rows)


@settings(max_examples=200, deadline=None)
@example(data=b"\xef\xbb\xbf", fmt="csv")  # a byte-order mark alone, found by this test
@given(data=st.binary(max_size=200), fmt=st.sampled_from(["csv", "jsonl"]))
def test_no_bytes_give_a_traceback(data, fmt):
    with contextlib.suppress(TwowayError):
        parse_ledger(data, "fuzz", fmt=fmt)


names = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters='\r\n,"'),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    extra=st.lists(names, max_size=3, unique=True),
    rows=st.lists(st.lists(cells, min_size=4, max_size=8), max_size=5),
    skip=st.booleans(),
)
def test_any_header_and_cells_give_a_ledger_or_a_clear_error(extra, rows, skip):
    import csv
    import io

    header = [
        "at",
        "by",
        "kind",
        *(n for n in extra if n.strip() not in {"at", "by", "kind", "line"}),
    ]
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *(r[: len(header)] for r in rows)])
    try:
        ledger = parse_ledger(buf.getvalue().encode(), "fuzz.csv", skip_bad=skip)
    except TwowayError as exc:
        message = str(exc)
    else:
        assert dumps(ledger).startswith("at,by,to,kind")
        return
    assert message.startswith("fuzz.csv")  # every error names the file


def test_a_note_with_a_line_separator_character_survives_jsonl():
    """U+2028 and U+2029 are left unescaped by JSON; they must not end a JSON Lines row."""
    note = "first\u2028second\u2029third\x85fourth"
    source = f'{{"at":"2026-01-01","by":"A","to":"B","kind":"talk","note":"{note}"}}\n'
    ledger = parse_ledger(source.encode(), "x.jsonl")
    assert ledger.frame["note"].to_list() == [note]
    again = parse_ledger(dumps(ledger, "jsonl").encode(), "again.jsonl")
    assert again.frame["note"].to_list() == [note]


def test_jsonl_with_windows_line_ends_reads_as_usual():
    rows = b'{"at":"2026-01-01","by":"A","to":"B","kind":"talk"}\r\n' * 2
    assert len(parse_ledger(rows, "x.jsonl")) == 2


@pytest.mark.parametrize(
    ("first", "second"), [("Alex", "Sam"), ("Sam", "Alex"), ("Robin", "Kim"), ("Kim", "Robin")]
)
def test_on_one_line_the_giver_is_named_before_the_receiver(first: str, second: str) -> None:
    # Both names first appear on line 1 (by and to): the order must never depend on
    # the order in which the frame's groups come back.
    data = f"at,by,to,kind\n2026-01-01,{first},{second},support\n2026-01-02,{second},{first},talk\n"
    assert parse_ledger(data.encode(), "t.csv").people == (first, second)
