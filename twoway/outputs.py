"""Writing a report or a ledger to a file without ever losing a person's own file.

An output is never written over a file being read by the same command, nor
over an existing file that twoway did not write (a document, a photo, a
spreadsheet someone named by mistake); a report or ledger twoway wrote before
is replaced only when asked (`force`). Writing is atomic: a crash leaves the
old file or the new one, never half of one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from twoway.errors import BadInput

#: How far into an existing file to look for twoway's mark.
_HEAD = 4096


def html_report(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML report twoway wrote (it names itself)."""
    return b'<meta name="generator" content="twoway">' in head


def ledger_file(head: bytes) -> bool:
    """Whether a file's first bytes are a ledger as twoway writes it (CSV or JSON Lines)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
    return first.startswith(b"at,by,to,kind") or (first.startswith(b"{") and b'"at"' in first)


def check_output(
    path: str | Path,
    *,
    ours: Callable[[bytes], bool],
    inputs: Iterable[str | Path] = (),
    force: bool = False,
) -> Path:
    """Refuse, before any work, an output that would replace what it must not; returns its path.

    `ours(head)` says whether an existing file is one twoway wrote (and so may
    be replaced with `force`); an input of the same command never is.
    """
    p = Path(path)
    if p.is_dir():
        raise BadInput(
            str(p), "is a folder; expected the name of a file to write", code="is_a_folder"
        )
    if not p.exists():
        return p
    for given in inputs:
        q = Path(given)
        if q.exists() and os.path.samefile(p, q):
            raise BadInput(
                str(p),
                "is the file this command reads; the output goes to another file",
                code="output_is_input",
            )
    try:
        with p.open("rb") as f:
            head = f.read(_HEAD)
    except OSError:
        head = b""
    if not ours(head):
        raise BadInput(
            str(p),
            "already exists and is not a file twoway wrote, so it is left as it is; "
            "choose another name",
            code="output_exists",
        )
    if not force:
        raise BadInput(
            str(p),
            "already exists (twoway wrote it before)",
            code="output_exists",
            option="force",
        )
    return p


def write_output(path: str | Path, text: str) -> None:
    """Write `text` atomically: into a temporary file beside it, then renamed over it."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(p)
    except OSError as exc:
        tmp.unlink(missing_ok=True) if tmp.parent.is_dir() else None
        reason = exc.strerror or "the system refused"
        raise BadInput(str(p), f"cannot be written ({reason.lower()})", code="unwritable") from None
