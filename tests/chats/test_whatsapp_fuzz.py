"""Fuzzing the WhatsApp reader: random bytes and texts, real headers cut and mutated,
zip-like bytes and zipped chats must give a valid chat or a ChatError, and sniffing
must answer, never raise."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import whatsapp
from twoway.chats.messages import ReadOptions
from twoway.errors import TwowayError

from .whatsapp_helpers import HERE, LRM, NNBSP, check

# -- fuzzing -----------------------------------------------------------------------------

HEADER_LINES = [
    line
    for name in ("android_dmy_24h.txt", "ios_dmy_24h.txt", "spanish_12h.txt", "korean_12h.txt")
    for line in (HERE / name).read_text(encoding="utf-8").splitlines()
]
PIECES = [
    "/",
    ".",
    "-",
    ",",
    " ",
    ":",
    "]",
    "[",
    " - ",
    ": ",
    "\n",
    "\r\n",
    "0",
    "1",
    "12",
    "13",
    "31",
    "99",
    "2021",
    LRM,
    NNBSP,
    "\u00a0",
    "~",
    "PM",
    "p. m.",
    "午後",
    "<Media omitted>",
    "<This message was edited>",
]


@st.composite
def mutated_chats(draw: st.DrawFn) -> str:
    """Real header lines, cut, repeated and with pieces of headers put in."""
    lines = draw(st.lists(st.sampled_from(HEADER_LINES), min_size=1, max_size=8))
    out = []
    for line in lines:
        chars = list(line)
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(chars)))
            action = draw(st.sampled_from(["insert", "delete", "replace"]))
            piece = draw(st.sampled_from(PIECES))
            if action == "insert":
                chars[at:at] = [piece]
            elif chars and at < len(chars):
                chars[at : at + 1] = [] if action == "delete" else [piece]
        out.append("".join(chars))
    return "\n".join(out)


def outcome(data: bytes, order: str | None = None) -> None:
    """Read must give a valid chat or a ChatError; sniff must answer, never raise."""
    why = whatsapp.sniff(data, "fuzz.txt")
    assert why is None or isinstance(why, str)
    try:
        chat = whatsapp.read(data, "fuzz.txt", ReadOptions(date_order=order))
    except TwowayError as error:
        message = str(error)
    else:
        check(chat)
        return
    assert message.startswith("fuzz.txt")


fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(st.binary(max_size=400))
def test_fuzz_bytes(data: bytes) -> None:
    outcome(data)


@fuzz
@given(st.text(max_size=300))
def test_fuzz_text(data: str) -> None:
    outcome(data.encode("utf-8"))


@fuzz
@given(mutated_chats(), st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_fuzz_mutated_headers(data: str, order: str | None) -> None:
    outcome(data.encode("utf-8"), order)


@fuzz
@given(st.binary(max_size=300))
def test_fuzz_zip_like_bytes(data: bytes) -> None:
    outcome(b"PK\x03\x04" + data)


@fuzz
@given(st.lists(st.sampled_from(HEADER_LINES), min_size=1, max_size=6), st.binary(max_size=4))
def test_fuzz_zipped_chats(lines: list[str], junk: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", "\n".join(lines).encode("utf-8") + junk)
    outcome(buffer.getvalue())
