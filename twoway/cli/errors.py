"""How the command line words a `TwowayError`: its sentence, then the flag that changes it.

The one place where the CLI's flags meet the library's error codes: the library
says which setting would change the outcome (`fields["option"]`), this module
says which flag that is, and what to pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twoway.errors import TwowayError

#: The command line's flag for each setting an error can name.
FLAGS = {
    "chat": "--chat",
    "date_order": "--date-order",
    "db": "--db",
    "force": "--force",
    "format": "--format",
    "gap": "--gap",
    "id": "--id",
    "me": "--me",
    "messages": "--messages",
    "new": "--new",
    "same": "--same",
    "skip_bad": "--skip-bad",
    "tz": "--tz",
}


def _either(flag: str, values: Any) -> str:
    return " or ".join(f"{flag} {v}" for v in values or ())


#: Advice by code, from the error's fields; codes not here get the generic advice.
ADVICE: dict[str, Callable[[dict[str, Any]], str]] = {
    "ambiguous_dates": lambda f: f"pass {_either('--date-order', f.get('candidates'))}",
    "bad_row": lambda f: "--skip-bad skips them" if f.get("more") else "",
    "which_chat": lambda f: "choose one with --chat (its name, number or id)",
    "which_me": lambda f: (
        f"pass {_either('--me', f['candidates'])}" if f.get("candidates") else "pass --me NAME"
    ),
    "me_not_found": lambda f: "choose one of them with --me",
    "id_taken": lambda f: "choose another --id",
    "output_exists": lambda f: "add --force to replace it" if f.get("option") == "force" else "",
    "which_account": lambda f: "with --account NAME (or TWOWAY_ACCOUNT=NAME)",
    "unknown_account": lambda f: "with --account NAME (or TWOWAY_ACCOUNT=NAME)",
    "maybe_new_person": lambda f: f"if {f.get('name', 'they')} really is someone new, add --new",
    "same_person": lambda f: "name yourself another way with --me",
    "empty_store": lambda f: (
        "add someone by logging an event, e.g. "
        f'`twoway log talk --to {f.get("name", "NAME")} "talked about work"`, '
        f"or by importing a ledger: `twoway import ledger.csv --person {f.get('name', 'NAME')}`"
    ),
}


#: Errors about a file itself (missing, a folder, unreadable, unwritable, empty, in
#: another encoding, or one that must not be written over): exit code 2, like a
#: usage error, so a script can tell them from a refusal about the data (1).
FILE_CODES = frozenset(
    {
        "no_such_file",
        "is_a_folder",
        "unreadable",
        "unwritable",
        "output_exists",
        "output_is_input",
        "empty_file",
        "not_utf8",
    }
)


def exit_code(exc: TwowayError) -> int:
    """2 for an error about a file itself, else 1."""
    return 2 if exc.code in FILE_CODES else 1


def advice(exc: TwowayError) -> str:
    """What to pass on the command line to change the outcome; "" when nothing would."""
    worded = ADVICE.get(exc.code)
    if worded is not None:
        return worded(exc.fields)
    flag = FLAGS.get(exc.option or "")
    return f"see {flag}" if flag else ""


def words(exc: TwowayError) -> str:
    """The error as the command line says it: the library's sentence and the CLI's advice."""
    more, message = advice(exc), exc.message
    if not more:
        return message
    if message.endswith((".", "?", "!")):  # a whole sentence: the advice is one more
        return f"{message} {more[0].upper()}{more[1:]}."
    return f"{message}; {more}"
