"""The regular expressions of the WhatsApp reader, built from ``whatsapp_phrases.toml``.

What a header looks like in every locale (dates, clocks, AM/PM markers, the
words between date and time) and what WhatsApp's placeholders and system
notices look like. They are kept apart from the reading code because the
sniffer, the header reader, the date and time reader and the kind classifier
all use them, and they change whenever a new locale or phrase is added.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any, Final

_PHRASES: Final[dict[str, Any]] = tomllib.loads(
    Path(__file__).with_name("whatsapp_phrases.toml").read_text(encoding="utf-8")
)

#: Invisible marks phones put around names, numbers and placeholders.
MARKS: Final = "\u200e\u200f\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff"
#: Spaces a header may hold: plain, no-break, narrow no-break (before AM/PM), thin.
_SPACES: Final = " \u00a0\u202f\u2009"
_M: Final = f"[{MARKS}]"
_GAP: Final = f"[{_SPACES}{MARKS}]"

#: AM/PM marker as written -> "am" or "pm" (spaces inside a marker normalised to " ").
AMPM: Final[dict[str, str]] = dict.fromkeys(_PHRASES["clock"]["am"], "am") | dict.fromkeys(
    _PHRASES["clock"]["pm"], "pm"
)


def _alternation(words: list[str] | tuple[str, ...] | dict[str, str]) -> str:
    """A regex matching any of the words, longest first (so "a.m." beats "a")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MARKER: Final = _alternation(AMPM).replace(r"\ ", f"[{_SPACES}]")
#: Words some locales put between date and time ("12/03/2021 à 14:05", "klo 14.05").
_CONNECT: Final = _alternation(_PHRASES["clock"]["connectors"])
_DATE: Final = rf"[0-9]{{1,4}}{_M}*[./-]{_M}* ?[0-9]{{1,2}}{_M}*[./-]{_M}* ?[0-9]{{1,4}}\.?"
#: What comes between the date and the time: a comma, spaces, maybe a word.
_LEAD: Final = rf"(?:,{_GAP}*|{_GAP}+(?:(?:{_CONNECT}){_GAP}+)?)"
_TIME: Final = (
    rf"(?:(?:{_MARKER}){_GAP}*)?[0-9]{{1,2}}[:.][0-9]{{2}}(?:[:.][0-9]{{2}})?"
    rf"(?:{_GAP}*(?:{_MARKER}))?"
)
#: What ends a header: "] " (iOS) or " - " (Android).
_END: Final = rf"(?:{_GAP}*\] ?|{_GAP}+[-–]{_GAP})"
#: A header: `12/03/2021, 14:05 - ` (Android) or `[12/03/2021, 14:05:22] ` (iOS).
HEADER: Final = rf"^{_M}*\[?{_M}*{_DATE}{_LEAD}{_TIME}{_END}"

#: The "0" of each script's ten digits that a phone may write its dates and clocks in
#: (Arabic-Indic, Persian, NKo, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil,
#: Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian,
#: full-width): an Arabic phone writes `٢٤‏/٤‏/٢٠٢٢، ٢:٠٧ م - Name: text`.
NATIVE_ZEROS: Final = (
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
    0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
)  # fmt: skip
#: Each native digit, and the Arabic comma after the date, as the header patterns read them.
NATIVE_ASCII: Final[dict[str, str]] = {
    chr(zero + i): str(i) for zero in NATIVE_ZEROS for i in range(10)
} | {"\u060c": ","}
_NATIVE_DIGIT: Final = "[" + "".join(f"{chr(z)}-{chr(z + 9)}" for z in NATIVE_ZEROS) + "]"
#: A line that starts as a header written in native digits, up to where it plainly ends
#: ("]" or " - "): the part `whatsapp_lines.ascii_headers` rewrites in ASCII digits.
NATIVE_HEAD: Final = rf"^({_M}*\[?{_M}*{_NATIVE_DIGIT}[^\n]{{0,60}}?(?:\]|{_GAP}+[-–]{_GAP}))"

# The header is read in two pieces, each once per distinct value: the date (a
# prefix of the line: marks, "[", the date, then a comma or space), and what
# follows it up to the first ": " (the time, the end of the header, the sender).
_DATE_KEY: Final = (
    rf"^(?P<lead>{_M}*\[?{_M}*)(?P<date>(?P<s1>[0-9]{{1,4}}){_M}*[./-]{_M}* ?"
    rf"(?P<s2>[0-9]{{1,2}}){_M}*[./-]{_M}* ?(?P<s3>[0-9]{{1,4}})\.?)[,{_SPACES}{MARKS}]"
)
#: A key that is only the start of a date (the key was cut too short to tell).
_DATE_START: Final = rf"^{_M}*\[?{_M}*[0-9][0-9./\-{_SPACES}{MARKS}]*$"
_TIME_KEY: Final = (
    rf"^{_LEAD}(?P<clock>(?:(?P<before>{_MARKER}){_GAP}*)?(?P<h>[0-9]{{1,2}})[:.]"
    rf"(?P<m>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?(?:{_GAP}*(?P<after>{_MARKER}))?)"
    rf"{_END}(?P<who>.*)$"
)

#: The languages whose phrases are known, one data file each in ``whatsapp_languages/``.
LANGUAGES: Final = ("en", "de", "fr", "es", "pt", "it", "nl")
_DATA: Final[dict[str, dict[str, Any]]] = {
    code: tomllib.loads(
        (Path(__file__).parent / "whatsapp_languages" / f"{code}.toml").read_text(encoding="utf-8")
    )
    for code in LANGUAGES
}


def _all(section: str, key: str) -> list[str]:
    """One list of phrases from every language's file, without repeats, in file order."""
    return list(dict.fromkeys(p for d in _DATA.values() for p in d[section].get(key, [])))


def _language_pattern(d: dict[str, Any]) -> re.Pattern[str]:
    k, sy = d["kinds"], d["system"]
    plain = [*k.get("media", []), *k.get("deleted", []), *k.get("calls", [])]
    plain = [p for p in plain if p != "null"]
    pieces = [_alternation(plain), *sy.get("notices", []), *sy.get("events", [])]
    return re.compile(rf"^{_M}*(?:{'|'.join(pieces)}){_M}*\.?$")


@functools.cache
def _language_patterns() -> dict[str, re.Pattern[str]]:
    """Each language's placeholders and system lines as one pattern, compiled when first
    needed: most files' dates decide their order without the language."""
    return {code: _language_pattern(d) for code, d in _DATA.items()}


def languages_of(texts: list[str]) -> tuple[str, ...]:
    """The languages (codes) whose placeholders or system lines `texts` are, most seen first.

    English goes last on a tie: many phrases are shared ("Video call"), and the
    other languages are the informative ones.
    """
    seen: dict[str, int] = {}
    for text in texts:
        for code, pattern in _language_patterns().items():
            if pattern.match(text):
                seen[code] = seen.get(code, 0) + 1
    return tuple(sorted(seen, key=lambda c: (-seen[c], c == "en")))


def _written_forms(placeholder: str) -> list[str]:
    """A placeholder as listed, in lower case, and with its first letter in upper case."""
    lower = placeholder.lower()
    at = len(lower) - len(lower.lstrip("< "))
    return list(dict.fromkeys([placeholder, lower, lower[:at] + lower[at:].capitalize()]))


#: Android's media placeholder in the languages without a file of their own.
MORE_MEDIA: Final = [
    form
    for phrases in tomllib.loads(
        Path(__file__).with_name("whatsapp_placeholders.toml").read_text(encoding="utf-8")
    )["media"].values()
    for phrase in phrases
    for form in _written_forms(phrase)
]

#: Each kind's phrases from every language's file; media also from `MORE_MEDIA`.
_KINDS: Final = {
    k: list(dict.fromkeys([*_all("kinds", k), *(MORE_MEDIA if k == "media" else [])]))
    for k in (
        "media",
        "media_patterns",
        "media_endings",
        "deleted",
        "calls",
        "polls",
        "locations",
        "edited",
    )
}

_SYSTEM: Final = {k: _all("system", k) for k in ("notices", "events", "subject_pieces", "links")}
_MEDIA: Final = (
    rf"^{_M}*(?:{_alternation(_KINDS['media'])}|{'|'.join(_KINDS['media_patterns'])}){_M}*$"
)
_MEDIA_END: Final = rf"(?:{'|'.join(_KINDS['media_endings'])}){_M}*$"
_DELETED: Final = rf"^{_M}*(?:{_alternation(_KINDS['deleted'])})\.?{_M}*$"
_CALL: Final = rf"^{_M}*(?:{_alternation(_KINDS['calls'])})(?:[,.•(].*)?$"
_POLL: Final = rf"^{_M}*(?:{_alternation(_KINDS['polls'])})"
_LOCATION: Final = rf"^{_M}*(?:{_alternation(_KINDS['locations'])})"
_EDITED: Final = rf"[ {MARKS}]*<(?:{_alternation(_KINDS['edited'])})\.?>$"
_NOTICE: Final = rf"^{_M}*(?:{'|'.join(_SYSTEM['notices'])})$"
_SUBJECT: Final = _alternation(_SYSTEM["subject_pieces"])
#: A system line that says two names are one person (a number change): `old`, `new`.
LINKS: Final = tuple(re.compile(rf"^{_M}*(?:{p}){_M}*\.?$") for p in _SYSTEM["links"])
#: What may start a placeholder or a notice: the exact checks run on these (and on
#: texts ending like a placeholder or starting with U+200E) only.
_SPECIAL: Final = (
    rf"^{_M}*(?:{_alternation(_KINDS['media'])}|{'|'.join(_KINDS['media_patterns'])}"
    rf"|{_alternation(_KINDS['deleted'])}|{_alternation(_KINDS['calls'])}"
    rf"|{_alternation(_KINDS['polls'])}|{_alternation(_KINDS['locations'])}"
    rf"|{'|'.join(_SYSTEM['notices'])})"
)
#: The texts the exact checks look at, found in one pass (one regex, not four scans): a
#: possible placeholder or notice, a placeholder's ending, a body led by U+200E or
#: holding ": U+200E" (iOS's system lines).
_CANDIDATE: Final = f"(?:{_SPECIAL})|(?:{_MEDIA_END})|^\u200e|: \u200e"
