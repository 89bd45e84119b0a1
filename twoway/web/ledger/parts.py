"""One app's part of an account: how its rows are exported, restored and deleted.

Every app that keeps rows for an account declares one `AccountPart` and names
it in its `AppConfig` (`account_part = "twoway.web.rituals.portability.PART"`);
`twoway.web.accounts.portability` finds them there, the way Django finds models,
and makes the account export the sum of the parts. So this app, at the bottom,
knows nothing of the apps that build on it, and an app added later brings its
own part without changing any other.

A part's export is a JSON-ready object; its `counts` are what the export's
manifest lists and a restore checks; its `restore` adds what the owner does not
have yet (inside the one transaction the whole restore runs in) and returns a
`Tally`; its `delete` removes the owner's rows of this part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from twoway.errors import TwowayError

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from twoway.web.ledger.writing import Progress


@dataclass(slots=True)
class Tally:
    """What a part's restore did, by kind of item: how many added, how many already there.

    `notes` are sentences for the person restoring, about what came back other
    than as it was written (and why).
    """

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, items: Mapping[str, object]) -> Tally:
        """A tally at zero for each of `items`."""
        return cls(dict.fromkeys(items, 0), dict.fromkeys(items, 0))

    def count(self, item: str, *, added: bool) -> None:
        """One more `item` added (or found already there)."""
        into = self.added if added else self.present
        into[item] = into.get(item, 0) + 1


class AccountPart:
    """The base of every app's part.

    `name` is the part's key in the export file; `items` names, in the order
    shown, each kind of item its `counts` report, with its singular and plural
    words for people (`{"rituals": ("ritual", "rituals")}`); `needs` names the
    parts restored before it (every part but the ledger's needs the ledger's
    people). A part without `items` keeps nothing that travels (a secret, a
    log): it is left out of the file, and only its `delete` is used.
    """

    name: str = ""
    items: ClassVar[Mapping[str, tuple[str, str]]] = {}
    needs: tuple[str, ...] = ()

    def export(self, owner: User) -> dict[str, Any]:
        """The owner's rows of this part, as a JSON-ready object."""
        return {}

    def counts(self, data: Mapping[str, Any]) -> dict[str, int]:
        """How many of each item `data` (this part of an export) holds; a shape error names it."""
        return {}

    def restore(
        self, owner: User, data: Mapping[str, Any], progress: Progress | None = None
    ) -> Tally:
        """Add what `data` holds and the owner lacks; a `TwowayError` names a bad place."""
        return Tally()

    def delete(self, owner: User) -> dict[str, int]:
        """Remove the owner's rows of this part; how many went, by model label."""
        raise NotImplementedError


def deleted(*queries: QuerySet[Any]) -> dict[str, int]:
    """Delete each query's rows in turn; how many went, by model label, added up."""
    removed: dict[str, int] = {}
    for query in queries:
        for label, n in query.delete()[1].items():
            removed[label] = removed.get(label, 0) + n
    return removed


# --- reading a part's data: small checks that name the place ------------------------------


def kind_of(value: object) -> str:
    """A JSON value's type in plain words, for messages."""
    if value is None:
        return "null"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names.update({list: "a list", dict: "an object"})
    return names.get(type(value), type(value).__name__)


def a_list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    """`data[key]`, which must be a list (missing: empty, as an older export may leave it)."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TwowayError(f"{where}.{key}: expected a list, got {kind_of(value)}")
    return value


def an_object(value: object, where: str) -> dict[str, Any]:
    """`value`, which must be a JSON object."""
    if not isinstance(value, dict):
        raise TwowayError(f"{where}: expected an object, got {kind_of(value)}")
    return value


def field_of(item: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    """`item[key]`, which must be there and of `kind` (`bool` is not a number here)."""
    if key not in item:
        raise TwowayError(f"{where}: `{key}` is missing")
    value = item[key]
    wrong_bool = isinstance(value, bool) and kind is not bool
    if not isinstance(value, kind) or wrong_bool:
        words = {str: "text", bool: "true/false", int: "a whole number", list: "a list"}
        expected = words.get(kind, "an object")
        raise TwowayError(f"{where}.{key}: expected {expected}, got {kind_of(value)}")
    return value
