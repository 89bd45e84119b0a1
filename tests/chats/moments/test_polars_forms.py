"""The patterns' exact Polars forms: made fast, and only when read, as the plain way made them.

`exact_form` reads a pattern escape by escape; the char-by-char reading it replaced
is kept here to hold it to. A language's exact forms are made when first read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.chats.moments.latin_codes import coded_union
from twoway.chats.moments.polars_forms import (
    _ESCAPES_ALIKE,
    exact_form,
    exact_union,
    visible,
    visible_all,
)
from twoway.chats.moments.rules import (
    CONTEXTS,
    OWN_VETO,
    SECTIONS,
    ExactForms,
    load_rules,
    shipped_rules,
)


def exact_form_plain(pattern: str) -> str | None:
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
            out.append(f"(?-u:\\{escaped})" if ascii_class else pattern[i : i + 2])
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


def test_every_shipped_pattern_reads_as_the_plain_reading_gives() -> None:
    patterns = shipped_patterns()
    assert len(patterns) > 1000
    for pattern in patterns:
        assert exact_form(pattern) == exact_form_plain(pattern), pattern


@given(pattern=st.text(alphabet=st.sampled_from("\\[]^bBwWsSdDpx.()|?ıé \n"), max_size=30))
def test_any_pattern_reads_as_the_plain_reading_gives(pattern: str) -> None:
    assert exact_form(pattern) == exact_form_plain(pattern)


@pytest.mark.parametrize("code", shipped_rules())
def test_a_languages_exact_forms_are_made_when_read_as_exact_union_makes_them(code: str) -> None:
    folder = resources.files("twoway.chats.moments")
    data = tomllib.loads((folder / f"{code}.toml").read_text(encoding="utf-8"))
    lang = load_rules(folder / f"{code}.toml", check=False)
    forms = [lang.context_ascii, lang.context_latin]
    forms += [f for s in lang.sections.values() for f in (s.ascii, s.latin)]
    assert all(isinstance(f, ExactForms) and f._made is None for f in forms)
    lists = {n: lists_of(data.get(n, {})) for n in SECTIONS}
    for name, section in lang.sections.items():
        assert dict(section.ascii) == exact_union(lists[name])
        assert dict(section.latin) == coded_union(lists[name])
    context = {c: visible_all(tuple(data["context"].get(c, []))) for c in CONTEXTS}
    assert dict(lang.context_ascii) == exact_union(context)
    assert dict(lang.context_latin) == coded_union(context)


def lists_of(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    keys = ("patterns", *(f"after_{c}" for c in CONTEXTS), "weak", "not", OWN_VETO)
    return {k: visible_all(tuple(p.strip() for p in table[k])) for k in keys if table.get(k)}
