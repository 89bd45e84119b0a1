"""Plans languages: reading and checking the data files, and joining their patterns.

Each language is one TOML file in the `plans/` folder next to this module (see
`twoway.chats.plans` for what the keys mean). `load_language` reads and checks
one file, naming the key that is wrong; `language` and `shipped_languages` give
the shipped ones. `_matcher` joins the patterns of some languages into the few
regular expressions `find_plans` runs.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Final

import polars as pl

from twoway.errors import TwowayError

__all__ = [
    "Language",
    "LanguageError",
    "language",
    "load_language",
    "shipped_languages",
]

#: Named groups a concrete pattern may use to say which day it names.
DAY_GROUPS: Final = frozenset({"weekday", "relative", "day", "month", "year"})

_TABLES: Final = {"weekdays": (0, 6), "relative_days": (0, 366), "months": (1, 12)}
_LISTS: Final = ("proposal", "concrete", "meeting", "vague")
_KEYS: Final = frozenset({"name", "fragments", "examples", *_LISTS, *_TABLES})
_PLACEHOLDER: Final = re.compile(r"(?<!\\)\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAMED_GROUP: Final = re.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")
_GROUP_OPENING: Final = re.compile(r"\(\?P?<(?=[A-Za-z_])")
_META: Final = frozenset("\\.^$|?*+()[]{}-")
_ASCII_BOUNDARY: Final = r"(?-u:\b)"


class LanguageError(TwowayError):
    """A plans language file that cannot be used: names the file, the key and the problem."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key = source, key
        where = f", key `{key}`" if key else ""
        super().__init__(f"{source}{where}: {message}")


@dataclass(frozen=True, eq=False)
class Language:
    """One language's words for plans, read from its data file; patterns are ready to run."""

    code: str
    name: str
    source: str
    #: proposal patterns, placeholders filled in (Polars syntax, ASCII `\\b`)
    proposal: tuple[str, ...]
    #: concrete day-or-time patterns, with their named groups
    concrete: tuple[str, ...]
    meeting: tuple[str, ...]
    vague: tuple[str, ...]
    weekdays: Mapping[str, int]
    relative_days: Mapping[str, int]
    months: Mapping[str, int]
    #: example texts by kind (`proposals`, `not_proposals`, `concrete`), for the tests
    examples: Mapping[str, tuple[str, ...]]

    def meeting_pattern(self) -> str:
        """One pattern matching any meeting word (a word boundary where its edge is ASCII)."""
        return "|".join(_phrase_pattern(word) for word in self.meeting) or "[^\\s\\S]"


# -- reading language files ---------------------------------------------------


def _folder() -> Traversable:
    return resources.files("twoway.chats") / "plans"


@functools.cache
def shipped_languages() -> tuple[str, ...]:
    """The codes of the language files that come with twoway (`en`, `fr`, …), sorted."""
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in _folder().iterdir()
            if entry.name.endswith(".toml") and entry.is_file()
        )
    )


@functools.cache
def language(code: str) -> Language:
    """A shipped language by its code, read once."""
    if code not in shipped_languages():
        known = ", ".join(shipped_languages())
        raise TwowayError(f"no plans language {code!r}; the languages are: {known}")
    # The suite compiles each shipped pattern alone (tests/chats/test_plans.py), so a
    # run need not: that check cost more than the rest of reading the files.
    return load_language(_folder() / f"{code}.toml", check=False)


def load_language(path: str | os.PathLike[str] | Traversable, *, check: bool = True) -> Language:
    """Read and check one language file; every problem names the file and the key.

    `check` compiles each pattern alone first, to name the one Polars cannot run;
    without it the structure is still checked, and a bad pattern fails when run.
    """
    file: Traversable = Path(path) if isinstance(path, (str, os.PathLike)) else path
    source = str(file)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LanguageError(source, "", f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise LanguageError(source, "", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise LanguageError(source, "", f"is not valid TOML: {exc}") from None
    return _Reader(source, data, check).language(file.name.removesuffix(".toml"))


class _Reader:
    """Checks one parsed language file, key by key."""

    def __init__(self, source: str, data: dict[str, object], check: bool = True) -> None:
        self.source, self.data, self.check = source, data, check

    def fail(self, key: str, message: str) -> LanguageError:
        return LanguageError(self.source, key, message)

    def language(self, code: str) -> Language:
        unknown = sorted(set(self.data) - _KEYS)
        if unknown:
            raise self.fail(unknown[0], f"unknown key; the keys are: {', '.join(sorted(_KEYS))}")
        name = self.data.get("name", code)
        if not isinstance(name, str) or not name.strip():
            raise self.fail("name", "expected the language's name as text")
        tables = {key: self.table(key, *bounds) for key, bounds in _TABLES.items()}
        fragments = self.texts_table("fragments")
        expand = _Expander(self, fragments, tables).expand
        proposal = self.patterns("proposal", expand, groups=frozenset())
        concrete = self.patterns("concrete", expand, groups=DAY_GROUPS)
        meeting = self.words("meeting")
        for i, word in enumerate(meeting):
            self.compiles(f"meeting[{i}]", _phrase_pattern(word))
        examples = self.examples()
        return Language(
            code=code,
            name=name.strip(),
            source=self.source,
            proposal=proposal,
            concrete=concrete,
            meeting=meeting,
            vague=self.words("vague", required=False),
            weekdays=tables["weekdays"],
            relative_days=tables["relative_days"],
            months=tables["months"],
            examples=examples,
        )

    def words(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value:
            raise self.fail(key, "expected a list of one or more texts")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key}[{i}]", f"expected a non-empty text, found {item!r}")
        return tuple(item.strip() for item in value)

    def patterns(
        self, key: str, expand: Callable[[str, str], str], *, groups: frozenset[str]
    ) -> tuple[str, ...]:
        out = []
        for i, raw in enumerate(self.words(key)):
            where = f"{key}[{i}]"
            pattern = _ascii_boundaries(expand(raw, where), self.fail, where)
            names = set(_NAMED_GROUP.findall(pattern))
            if names - groups:
                allowed = ", ".join(sorted(groups)) if groups else "none here"
                raise self.fail(
                    where, f"unknown group {sorted(names - groups)[0]!r}; the groups are: {allowed}"
                )
            self.compiles(where, pattern)
            out.append(pattern)
        return tuple(out)

    def compiles(self, key: str, pattern: str) -> None:
        if not self.check:
            return
        try:
            pl.Series([""], dtype=pl.String).str.contains(f"(?i){pattern}")
        except pl.exceptions.PolarsError as exc:
            detail = " ".join(str(exc).split())
            raise self.fail(key, f"not a regular expression Polars can run: {detail}") from None

    def table(self, key: str, low: int, high: int) -> Mapping[str, int]:
        value = self.data.get(key)
        if not isinstance(value, dict) or not value:
            raise self.fail(key, "expected a table of words and whole numbers")
        out: dict[str, int] = {}
        for word, number in value.items():
            if type(number) is not int or not low <= number <= high:
                raise self.fail(
                    f"{key}.{word}",
                    f"expected a whole number from {low} to {high}, found {number!r}",
                )
            norm = _normal(word)
            if not norm:
                raise self.fail(key, "a word is empty")
            if norm in out and out[norm] != number:
                raise self.fail(f"{key}.{word}", f"given twice, as {out[norm]} and {number}")
            out[norm] = number
        return MappingProxyType(out)

    def texts_table(self, key: str) -> Mapping[str, str]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table of names and patterns")
        for name, text in value.items():
            if not isinstance(text, str):
                raise self.fail(f"{key}.{name}", f"expected a pattern as text, found {text!r}")
        return MappingProxyType(dict(value))

    def examples(self) -> Mapping[str, tuple[str, ...]]:
        value = self.data.get("examples", {})
        if not isinstance(value, dict):
            raise self.fail("examples", "expected a table of lists of texts")
        out = {}
        for kind, items in value.items():
            if kind not in ("proposals", "not_proposals", "concrete"):
                raise self.fail(
                    f"examples.{kind}", "unknown kind; use proposals, not_proposals or concrete"
                )
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise self.fail(f"examples.{kind}", "expected a list of texts")
            out[kind] = tuple(items)
        return MappingProxyType(out)


class _Expander:
    """Fills `{name}` placeholders with fragments and table words."""

    def __init__(
        self, reader: _Reader, fragments: Mapping[str, str], tables: Mapping[str, Mapping[str, int]]
    ) -> None:
        self.reader, self.fragments = reader, fragments
        self.words = {
            name: "(?:" + "|".join(_phrase(w) for w in sorted(table, key=len, reverse=True)) + ")"
            for name, table in tables.items()
        }

    def expand(self, text: str, key: str, depth: int = 0) -> str:
        if depth > 8:
            raise self.reader.fail(key, "fragments refer to each other in a loop")

        def fill(match: re.Match[str]) -> str:
            name = match[1]
            if name in self.words:
                return self.words[name]
            if name in self.fragments:
                return self.expand(self.fragments[name], f"fragments.{name}", depth + 1)
            known = ", ".join(sorted({*self.words, *self.fragments}))
            raise self.reader.fail(key, f"unknown placeholder {{{name}}}; the names are: {known}")

        return _PLACEHOLDER.sub(fill, text)


def _normal(text: str) -> str:
    """How words are compared with the tables: lower case, one space, straight apostrophes."""
    return " ".join(text.replace("’", "'").lower().split())


def _phrase(word: str) -> str:
    """A plain word or phrase as a pattern: any spacing, either apostrophe."""
    parts = []
    for part in _normal(word).split(" "):
        parts.append(
            "".join("['’]" if ch == "'" else ("\\" + ch if ch in _META else ch) for ch in part)
        )
    return r"\s+".join(parts)


def _phrase_pattern(word: str) -> str:
    """A meeting word as a pattern, with a word boundary at each ASCII letter or digit edge."""
    norm = _normal(word)
    left = _ASCII_BOUNDARY if norm[:1].isascii() and norm[:1].isalnum() else ""
    right = _ASCII_BOUNDARY if norm[-1:].isascii() and norm[-1:].isalnum() else ""
    return f"{left}{_phrase(word)}{right}"


def _ascii_boundaries(pattern: str, fail: Callable[[str, str], LanguageError], key: str) -> str:
    """`\\b` outside character classes as an ASCII word boundary (fast on any text).

    A Unicode `\\b` makes the regex engine fall back to a slow path on text with
    any non-ASCII character (emoji, accents), about 25 times slower on a whole
    chat. So `\\b` must not touch a non-ASCII letter: that is an error.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            if pair == r"\b" and not in_class:
                for near in (pattern[i - 1 : i], pattern[i + 2 : i + 3]):
                    if near and not near.isascii() and near.isalnum():
                        raise fail(
                            key,
                            f"\\b next to {near!r}: a word boundary only works next to "
                            "ASCII letters and digits; leave it out there",
                        )
                out.append(_ASCII_BOUNDARY)
            else:
                out.append(pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


# -- matching ------------------------------------------------------------------


@dataclass(frozen=True)
class _DayPattern:
    language: Language
    pattern: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class _Matcher:
    #: the leftmost day-naming match, each pattern's groups renamed `g<k>_<name>`
    day_union: str
    either: str
    proposal: str
    concrete: str
    meeting: str
    days: tuple[_DayPattern, ...]


@functools.cache
def _matcher(languages: tuple[Language, ...]) -> _Matcher | None:
    """The combined patterns of some languages, built once per set of languages."""
    if not languages:
        return None

    def union(patterns: Sequence[str]) -> str:
        return "(?i)" + "|".join(f"(?:{p})" for p in patterns)

    def plain(pattern: str) -> str:  # named groups would clash once patterns are joined
        return _NAMED_GROUP.sub("(?:", pattern)

    days = tuple(
        _DayPattern(lang, p, tuple(_NAMED_GROUP.findall(p)))
        for lang in languages
        for p in lang.concrete
        if _NAMED_GROUP.search(p)
    )
    proposal = [plain(p) for lang in languages for p in lang.proposal]
    concrete = [plain(p) for lang in languages for p in lang.concrete]
    matcher = _Matcher(
        day_union=union([_GROUP_OPENING.sub(f"(?P<g{k}_", d.pattern) for k, d in enumerate(days)]),
        either=union(proposal + concrete),
        proposal=union(proposal),
        concrete=union(concrete),
        meeting=union([lang.meeting_pattern() for lang in languages]),
        days=days,
    )
    try:  # each pattern compiled alone; joined, they might pass the engine's size limit
        pl.Series([""], dtype=pl.String).str.contains(matcher.either)
    except pl.exceptions.PolarsError as exc:
        files = ", ".join(lang.source for lang in languages)
        detail = " ".join(str(exc).split())[:300]
        raise TwowayError(f"the plans patterns of {files} cannot run together: {detail}") from None
    return matcher


def _languages(languages: Sequence[str | Language] | None) -> tuple[Language, ...]:
    if languages is None:
        return tuple(language(code) for code in shipped_languages())
    if isinstance(languages, str):  # one code given bare: not its letters one by one
        languages = [languages]
    return tuple(lang if isinstance(lang, Language) else language(lang) for lang in languages)
