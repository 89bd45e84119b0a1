"""Moments languages: reading and checking the per-language data files.

Each language is one TOML file next to this module (`en.toml`, `de.toml`,
`fr.toml`, `es.toml`). `load_rules` reads and checks one file and names the key
that is wrong; `rules` and `shipped_rules` give the shipped ones. The keys:

- `name`: the language's name; `markers`: frequent short words that say a
  message is in this language (the cheap language detection counts them).
- `[context]`: `bad_news`, `good_news` and `friction` patterns, read in the
  other person's recent messages (see `twoway.chats.moments`).
- one table per moment: `gratitude`, `need`, `repair`, `checkin`, and one per
  support style (`comfort`, `listen`, `celebrate`, `help`, `reassure`), each with
  `patterns` (enough alone), `after_bad_news`, `after_good_news`,
  `after_friction` (enough only after such a message of the other person),
  `weak` (below the default threshold alone; at it after the context named by
  `weak_after`), `not` (vetoes: a match means "not this kind") and
  `not_after_own_friction` (vetoes that count only right after the writer's own
  complaint: "thanks a lot" after "you forgot me again").
- `[emoji]`: `comfort` and `celebrate`: emoji that, making up a message alone,
  comfort after bad news or celebrate after good news.
- `[examples]`: `<kind>` lists of messages that must be found as that kind,
  `none` lists of messages that must not be found at all; the suite checks them.
  `"I didn't get the job >> oh no"` is a message (after `>>`) with what the
  other person wrote just before it.

Patterns are regular expressions matched without regard to case, run by both
Polars (the first pass over every message) and Python's `re` (the few
candidates), so they keep to the syntax both share: no look-around, no
back-references. `\\b` is a word boundary in any alphabet ("\\bça").
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Final

import polars as pl

from twoway.chats.moments.latin_codes import coded_union
from twoway.chats.moments.polars_forms import (
    cased,
    exact_union,
    fast_form,
    fast_union,
    visible_all,
)
from twoway.chats.plan_languages import LanguageError
from twoway.errors import TwowayError

__all__ = [
    "CONTEXTS",
    "KINDS",
    "OWN_FRICTION",
    "STYLES",
    "MomentRules",
    "RulesError",
    "load_rules",
    "rules",
    "shipped_rules",
]

#: The kinds of moment, in the order they are reported.
KINDS: Final = ("support", "gratitude", "need", "repair", "checkin")
#: The support styles the rules can name (the ledger also knows "other").
STYLES: Final = ("comfort", "listen", "celebrate", "help", "reassure")
#: What the other person's recent messages may show.
CONTEXTS: Final = ("bad_news", "good_news", "friction")
#: The context the writer's own messages just before may show: friction (a complaint
#: of theirs, the other not having written since); read only by `OWN_VETO` lists.
OWN_FRICTION: Final = "own_friction"
#: The section key of the vetoes that count only after `OWN_FRICTION`.
OWN_VETO: Final = "not_after_own_friction"

#: A table per kind, support as one table per style.
SECTIONS: Final = ("gratitude", "need", "repair", "checkin", *STYLES)
_SECTION_KEYS: Final = frozenset(
    {"patterns", "weak", "weak_after", "not", OWN_VETO, *(f"after_{c}" for c in CONTEXTS)}
)
_KEYS: Final = frozenset({"name", "markers", "context", "emoji", "examples", *SECTIONS})


class RulesError(LanguageError):
    """A moments language file that cannot be used: names the file, the key and the problem."""


class Patterns(Mapping[str, "re.Pattern[str] | None"]):
    """Joined pattern lists by key, each compiled by `re` the first time it is read.

    Compiling every list of every language costs more than a whole chat's reading
    of them (a chat reads a few languages' lists, and only those that the first
    pass found); None where the file gives no pattern.
    """

    def __init__(self, sources: Mapping[str, str | None]) -> None:
        self._sources = dict(sources)
        self._compiled: dict[str, re.Pattern[str] | None] = {}

    def __getitem__(self, key: str) -> re.Pattern[str] | None:
        try:
            return self._compiled[key]
        except KeyError:
            source = self._sources[key]
            pattern = None if source is None else re.compile(source, re.IGNORECASE)
            self._compiled[key] = pattern
            return pattern

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


class ExactForms(Mapping[str, str]):
    """Pattern lists by key as exact Polars patterns (`make`: `exact_union`, or
    `latin_codes.coded_union`), made when first read.

    A chat reads those of the languages its candidate texts are in, most often one:
    making every language's at each start cost more than the rest of their loading.
    """

    def __init__(
        self,
        lists: Mapping[str, tuple[str, ...]],
        make: Callable[[Mapping[str, tuple[str, ...]]], dict[str, str]],
    ) -> None:
        self._lists, self._make = lists, make
        self._made: dict[str, str] | None = None

    def _forms(self) -> dict[str, str]:
        if self._made is None:
            self._made = self._make(self._lists)
        return self._made

    def __getitem__(self, key: str) -> str:
        return self._forms()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms())

    def __len__(self) -> int:
        return len(self._forms())


@dataclass(frozen=True, eq=False)
class Section:
    """One kind's (or support style's) patterns, each list joined into one `re` pattern.

    Keys are the table's: `patterns`, `after_bad_news`, `after_good_news`,
    `after_friction`, `weak`, `not`, `not_after_own_friction`; a key the file does
    not give never matches.
    """

    lists: Patterns = field(default_factory=lambda: Patterns({}))
    weak_after: tuple[str, ...] = ()
    #: each key's patterns (`patterns`, `after_bad_news`, …, `weak`, `not`) for Polars'
    #: regex engine: they match wherever `re` does, and sometimes more (see `fast_form`)
    polars: Mapping[str, str] = field(default_factory=dict)
    #: the same for Polars, matching exactly where `re` does on an ASCII text (emoji
    #: allowed: `polars_forms.exactness`); empty when some pattern of the section cannot be put so
    #: (see `exact_form`)
    ascii: Mapping[str, str] = field(default_factory=dict)
    #: the same on a text of the common Latin letters too (`polars_forms.exactness`), read
    #: as `latin_codes.coded` makes it; ASCII texts alike
    latin: Mapping[str, str] = field(default_factory=dict)

    def pattern(self, key: str) -> re.Pattern[str] | None:
        """The `re` pattern of one key of the section's table (None where it has none)."""
        return self.lists.get(key)

    @property
    def vetoes(self) -> re.Pattern[str] | None:
        """The `not` list: a match means "not this kind"."""
        return self.pattern("not")


@dataclass(frozen=True, eq=False)
class MomentRules:
    """One language's words for moments, read from its data file."""

    code: str
    name: str
    source: str
    markers: frozenset[str]
    context: Patterns
    #: the context patterns for Polars (they match wherever `re` does, sometimes more)
    context_polars: Mapping[str, str]
    sections: Mapping[str, Section]
    emoji: Mapping[str, frozenset[str]]
    examples: Mapping[str, tuple[str, ...]]
    #: every pattern of every kind (vetoes and context aside), in one `re` source
    every_pattern: str
    #: the file's patterns joined a list at a time, for the first pass (Polars syntax):
    #: a message matching none of them holds no moment in this language
    triggers: tuple[str, ...]
    #: the (section, key) of each of `triggers` (None: the emoji cues)
    trigger_keys: tuple[tuple[str, str] | None, ...] = ()
    #: the context patterns for Polars, exact on a text of ASCII and emoji, and on one of
    #: the common Latin letters too, coded (`polars_forms.exactness`, `latin_codes`); empty
    #: where some pattern cannot be put so
    context_ascii: Mapping[str, str] = field(default_factory=dict)
    context_latin: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def trigger_pieces(self) -> tuple[str, ...]:
        """`triggers` joined a few lists at a time, each piece at most `JOINED_LIMIT` long.

        Every list alone costs a pass a list; all of a language's lists in one
        expression are much slower (past about this size the regex engine's fast
        path gives up: 10 to 15 times the CPU on the bench's texts).
        """
        return tuple(piece for piece, _ in self._pieces)

    @functools.cached_property
    def piece_keys(self) -> tuple[frozenset[tuple[str, str]], ...]:
        """The (section, key) lists each of `trigger_pieces` holds.

        A text the piece does not match matches none of them (the first pass's
        patterns match wherever the lists' own do).
        """
        return tuple(keys for _, keys in self._pieces)

    @functools.cached_property
    def _pieces(self) -> tuple[tuple[str, frozenset[tuple[str, str]]], ...]:
        pieces: list[list[str]] = [[]]
        keys: list[set[tuple[str, str]]] = [set()]
        named = self.trigger_keys or (None,) * len(self.triggers)
        for trigger, key in zip(self.triggers, named, strict=True):
            if pieces[-1] and sum(map(len, pieces[-1])) + len(trigger) > JOINED_LIMIT:
                pieces.append([])
                keys.append(set())
            if _GAP.search(trigger):  # a piece of its own (see `trigger_units`)
                pieces.insert(-1, [trigger])
                keys.insert(-1, {key} if key else set())
                continue
            pieces[-1].append(f"(?:{trigger})")
            if key is not None:
                keys[-1].add(key)
        return tuple(
            ("|".join(piece), frozenset(k)) for piece, k in zip(pieces, keys, strict=True) if piece
        )

    @functools.cached_property
    def list_keys(self) -> tuple[tuple[str, str], ...]:
        """Every (section, key) pattern list, in a fixed order: bit i of a hits mask is list i."""
        keys = tuple(sorted((name, key) for name, s in self.sections.items() for key in s.polars))
        assert len(keys) < 64, "a hits mask is an Int64"
        return keys

    @functools.cached_property
    def anything(self) -> re.Pattern[str]:
        """`every_pattern` compiled: a message it does not match holds no moment (but emoji)."""
        return re.compile(self.every_pattern, re.IGNORECASE)


def _folder() -> Traversable:
    return resources.files("twoway.chats.moments")


def shipped_rules() -> tuple[str, ...]:
    """The codes of the languages that ship with twoway, sorted."""
    return tuple(
        sorted(
            p.name.removesuffix(".toml")
            for p in _folder().iterdir()
            if p.name.endswith(".toml") and p.is_file()
        )
    )


@functools.cache
def rules(code: str) -> MomentRules:
    """The shipped rules of one language (`en`, `de`, `fr`, `es`), read once."""
    path = _folder() / f"{code}.toml"
    if not path.is_file():
        raise TwowayError(
            f"no moments rules for language {code!r}; shipped: {', '.join(shipped_rules())}"
        )
    # checked pattern by pattern by the suite (tests/chats/moments/test_rules.py), so
    # each run need not compile each pattern alone in both engines again
    return load_rules(path, check=False)


def load_rules(path: str | os.PathLike[str] | Traversable, *, check: bool = True) -> MomentRules:
    """Read and check one moments language file; a bad key raises `RulesError`.

    `check` runs each pattern alone in both regex engines first, to name the one
    that is wrong; without it a bad pattern still fails, naming its list only.
    """
    source = path.name if isinstance(path, Traversable) else Path(path).name
    file = path if isinstance(path, Traversable) else Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(source, "", f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(source, "", f"is not valid TOML: {exc}") from None
    return _Reader(source, data, check).read(source.removesuffix(".toml"))


class _Reader:
    def __init__(self, source: str, data: dict[str, object], check: bool) -> None:
        self.source, self.data, self.check = source, data, check
        self.polars: list[str] = []
        self.polar_keys: list[tuple[str, str] | None] = []
        self.python: list[str] = []
        self.section_polars: dict[str, str] = {}

    def fail(self, key: str, message: str) -> RulesError:
        return RulesError(self.source, key, message)

    def read(self, code: str) -> MomentRules:
        unknown = sorted(set(self.data) - _KEYS)
        if unknown:
            raise self.fail(unknown[0], f"unknown key; the keys are: {', '.join(sorted(_KEYS))}")
        name = self.data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail("name", "expected the language's name as text")
        markers = frozenset(w.lower() for w in self.texts(self.data, "markers", "markers"))
        context_table = self.table(self.data, "context")
        context_texts = {
            c: visible_all(self.texts(context_table, c, f"context.{c}", required=False))
            for c in CONTEXTS
        }
        context = Patterns({c: self.union(context_texts[c], f"context.{c}") for c in CONTEXTS})
        context_polars = {c: fast_union(raws) for c, raws in context_texts.items() if raws}
        sections = {s: self.section(s) for s in SECTIONS}
        emoji_table = self.table(self.data, "emoji")
        emoji = {
            k: frozenset(
                e.replace("\ufe0f", "")  # with or without the emoji presentation mark
                for e in self.texts(emoji_table, k, f"emoji.{k}", required=False)
            )
            for k in ("comfort", "celebrate")
        }
        for k in set(emoji_table) - {"comfort", "celebrate"}:
            raise self.fail(f"emoji.{k}", "unknown key; use comfort or celebrate")
        cues = [re.escape(e) for group in emoji.values() for e in group]
        if cues:
            self.polars.append("|".join(cues))
            self.polar_keys.append(None)
        examples_table = self.table(self.data, "examples")
        examples = {}
        for kind in examples_table:
            if kind not in (*KINDS, "none"):
                raise self.fail(f"examples.{kind}", f"unknown kind; use {', '.join(KINDS)} or none")
            examples[kind] = self.texts(examples_table, kind, f"examples.{kind}")
        # One expression a list: small enough for the regex engine's fast path.
        triggers = tuple(cased(p) for p in self.polars)
        try:
            if self.check:
                for trigger in triggers:
                    pl.Series([""], dtype=pl.String).str.contains(trigger)
        except pl.exceptions.PolarsError as exc:
            detail = " ".join(str(exc).split())[:300]
            raise self.fail("", f"the patterns cannot run together: {detail}") from None
        return MomentRules(
            code=code,
            name=name.strip(),
            source=self.source,
            markers=markers,
            context=context,
            context_polars=MappingProxyType(context_polars),
            context_ascii=ExactForms(context_texts, exact_union),
            context_latin=ExactForms(context_texts, coded_union),
            sections=MappingProxyType(sections),
            emoji=MappingProxyType(emoji),
            examples=MappingProxyType(examples),
            triggers=triggers,
            trigger_keys=tuple(self.polar_keys),
            every_pattern="|".join(f"(?:{r})" for r in self.python) or "(?!)",
        )

    def section(self, name: str) -> Section:
        table = self.table(self.data, name)
        unknown = sorted(set(table) - _SECTION_KEYS)
        if unknown:
            keys = ", ".join(sorted(_SECTION_KEYS))
            raise self.fail(f"{name}.{unknown[0]}", f"unknown key; the keys are: {keys}")

        def joined(key: str, *, trigger: bool = True) -> None:
            raws = visible_all(self.texts(table, key, f"{name}.{key}", required=False))
            if not raws:
                return
            lists[key] = self.union(raws, f"{name}.{key}")
            for_polars = [fast_form(r) for r in raws]
            self.section_polars[key] = cased("|".join(f"(?:{r})" for r in for_polars))
            raw_lists[key] = raws
            if trigger:
                self.python.extend(raws)
                for unit in trigger_units(for_polars):
                    self.polars.append(unit)
                    self.polar_keys.append((name, key))

        self.section_polars = {}
        raw_lists: dict[str, tuple[str, ...]] = {}
        weak_after = self.texts(table, "weak_after", f"{name}.weak_after", required=False)
        for c in weak_after:
            if c not in CONTEXTS:
                raise self.fail(f"{name}.weak_after", f"unknown context {c!r}; use {CONTEXTS}")
        lists: dict[str, str | None] = {}
        for key in ("patterns", *(f"after_{c}" for c in CONTEXTS), "weak"):
            joined(key)
        joined("not", trigger=False)
        joined(OWN_VETO, trigger=False)
        return Section(
            lists=Patterns(lists),
            weak_after=weak_after,
            polars=MappingProxyType(self.section_polars),
            ascii=ExactForms(raw_lists, exact_union),
            latin=ExactForms(raw_lists, coded_union),
        )

    def compile(self, raw: str, key: str) -> re.Pattern[str]:
        polars = fast_form(raw)
        try:
            pl.Series([""], dtype=pl.String).str.contains(f"(?i){polars}")
            pattern = re.compile(raw, re.IGNORECASE)
        except (pl.exceptions.PolarsError, re.error) as exc:
            detail = " ".join(str(exc).split())
            raise self.fail(key, f"not a regular expression both engines run: {detail}") from None
        return pattern

    def union(self, patterns: tuple[str, ...], key: str) -> str | None:
        """A list of patterns as one `re` source; checked (each alone first) if asked.

        Unchecked, it is compiled when first read (`Patterns`).
        """
        if not patterns:
            return None
        source = "|".join(f"(?:{p})" for p in patterns)
        if self.check:
            for i, p in enumerate(patterns):
                self.compile(p, f"{key}[{i}]")
            try:
                re.compile(source, re.IGNORECASE)
            except re.error:
                raise self.fail(key, "the patterns cannot run together") from None
        return source

    def table(self, data: Mapping[str, object], key: str) -> Mapping[str, object]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value

    def texts(
        self, data: Mapping[str, object], key: str, where: str, *, required: bool = True
    ) -> tuple[str, ...]:
        value = data.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or (required and not value):
            raise self.fail(where, "expected a list of one or more texts")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{where}[{i}]", f"expected a non-empty text, found {item!r}")
        return tuple(item.strip() for item in value)


#: The longest first-pass expression (see `MomentRules.trigger_pieces`).
JOINED_LIMIT: Final = 5_000


#: A bounded gap between words (`[^.!?]{0,30}`): a few in one expression multiply the
#: states of the regex engine's fast path until it gives up (see `trigger_units`).
_GAP: Final = re.compile(r"(?<!\\)\{\d*,\d+\}")
#: At most this many patterns with a gap in one first-pass expression.
GAPS_TOGETHER: Final = 2


def trigger_units(forms: Sequence[str]) -> list[str]:
    """One list's first-pass patterns (Polars' forms) as the expressions to run them in.

    The patterns with no gap, in one expression; those with a gap, a few at a time
    (German needs' six gaps in one expression took 20 times the CPU of each alone).
    """
    plain = [f for f in forms if not _GAP.search(f)]
    gaps = [f for f in forms if _GAP.search(f)]
    groups = ([plain] if plain else []) + [
        gaps[i : i + GAPS_TOGETHER] for i in range(0, len(gaps), GAPS_TOGETHER)
    ]
    return ["|".join(f"(?:{f})" for f in group) for group in groups]
