"""`exact_form` read escape by escape gives what the plain char-by-char reading gave."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.chats.moments.polars_forms import _ESCAPES_ALIKE, exact_form, visible
from twoway.chats.moments.rules import shipped_rules


def exact_form_plain(pattern: str, *, on_ascii: bool) -> str | None:
    """`exact_form` as it was first written: one character at a time."""
    if any(c in pattern for c in "ıſ\u212a\u0130"):
        return None
    out, i, in_class = [], 0, False
    while i < len(pattern):
        if pattern[i] == "\\":
            escaped = pattern[i + 1 : i + 2]
            if escaped not in _ESCAPES_ALIKE:
                return None
            ascii_class = escaped in "bB" or (escaped in "wsd" and not in_class)
            as_ascii = on_ascii and ascii_class
            out.append(f"(?-u:\\{escaped})" if as_ascii else pattern[i : i + 2])
            i += 2
            continue
        in_class = (in_class or pattern[i] == "[") and pattern[i] != "]"
        out.append(pattern[i])
        i += 1
    return "".join(out)


def texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)


def shipped_patterns() -> list[str]:
    folder = resources.files("twoway.chats.moments")
    found = set()
    for code in shipped_rules():
        data = tomllib.loads((folder / f"{code}.toml").read_text(encoding="utf-8"))
        found.update(visible(t) for t in texts(data))
    return sorted(found)


@pytest.mark.parametrize("on_ascii", [True, False])
def test_every_shipped_pattern_reads_as_the_plain_reading_gives(on_ascii: bool) -> None:
    patterns = shipped_patterns()
    assert len(patterns) > 1000
    for pattern in patterns:
        assert exact_form(pattern, on_ascii=on_ascii) == exact_form_plain(
            pattern, on_ascii=on_ascii
        ), pattern


@given(
    pattern=st.text(alphabet=st.sampled_from("\\[]^bBwWsSdDpx.()|?ıé \n"), max_size=30),
    on_ascii=st.booleans(),
)
def test_any_pattern_reads_as_the_plain_reading_gives(pattern: str, on_ascii: bool) -> None:
    assert exact_form(pattern, on_ascii=on_ascii) == exact_form_plain(pattern, on_ascii=on_ascii)
