from __future__ import annotations

import re

import polars as pl

from twoway.chats.moments.latin_codes import coded, coded_pattern, coded_union
from twoway.chats.moments.polars_forms import CODED_LETTERS

CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_each_coded_letter_is_one_capital_of_its_own() -> None:
    texts = pl.Series([CODED_LETTERS, "für çà et là", "no accents, ø"])
    got = texts.to_frame("t").select(coded(pl.col("t"))).to_series().to_list()
    assert got[0] == CAPITALS
    ue, ce, ae = (CAPITALS[CODED_LETTERS.index(c)] for c in "üçà")
    assert got[1:] == [f"f{ue}r {ce}{ae} et l{ae}", "no accents, ø"]


def test_a_pattern_that_could_mean_something_else_coded_is_not_coded() -> None:
    ue = CAPITALS[CODED_LETTERS.index("ü")]
    assert coded_pattern(r"\bfür\b") == rf"\bf{ue}r\b"
    assert coded_pattern(r"\Wthanks\S") == r"\Wthanks\S"  # escapes are not letters
    assert coded_pattern("Danke") is None  # a capital of its own
    assert coded_pattern("smørrebrød") is None  # ø is not coded
    assert coded_pattern("[à-ü]") is None  # a range of coded letters
    assert coded_union({"patterns": ("ok", "Danke")}) == {}


def test_coded_patterns_match_coded_texts_where_re_matches_the_texts() -> None:
    patterns = [r"\bfür\b", r"\bça\b", r"é\w+", r"\bmerci\b", r"[àâ]\b", r"\bstraße"]
    texts = ["für dich", "dafür", "ça va", "façade", "été", "merci", "mercià", "là", "straße"]
    union = coded_union({"k": tuple(patterns)})["k"]
    frame = pl.DataFrame({"t": texts}).select(coded(pl.col("t")).str.contains(union))
    expected = [any(re.search(p, t, re.IGNORECASE) for p in patterns) for t in texts]
    assert frame.to_series().to_list() == expected
    assert not all(expected)
    assert any(expected)
