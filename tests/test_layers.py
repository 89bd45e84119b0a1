"""Dependencies point one way: read every import of the package (ast) and fail on one pointing back.

The layers, from the bottom (docs/architecture.md draws them): a module may
import its own unit and the units of lower layers, never a unit of its own
layer (siblings stay apart) or of a higher one. Imports inside functions and
under `TYPE_CHECKING` count as much as the others: moving an import into a
function hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "twoway"

#: Units of the package, bottom first; units on one line are siblings.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("core",),
    ("chats", "simulate"),
    ("render", "files", "outputs"),
    ("web", "web.settings", "web.assets", "web.ledger", "web.site"),
    ("web.settings_cli",),  # the CLI's quick settings: the site's, with fewer apps
    ("web.together",),
    ("web.practices", "web.rituals"),
    ("web.journal", "web.accounts"),
    ("web.reports", "web.api", "web.imports"),
    ("web.urls", "web.wsgi"),
    ("web.serve", "web.demo_account"),
    ("cli",),
    ("twoway", "__main__"),
)

LEVEL = {unit: n for n, layer in enumerate(LAYERS) for unit in layer}

#: The CLI's modules that hold what commands share; every other module is a command module.
CLI_HELPERS = {"options", "progress", "errors", "common", "docs"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, "twoway.web.ledger.store"
    target: str  # the imported module, "twoway.web.together.access"
    line: int
    in_function: bool
    commented: bool  # a comment on its line or the line above says why it is there

    def __str__(self) -> str:
        path = self.module.replace(".", "/")
        return f"{path}.py:{self.line} imports {self.target}"


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports() -> Iterator[Import]:
    for module, path in modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inside.update(id(n) for n in ast.walk(node) if n is not node)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                    ).strip(".")
                # `from twoway.cli import store_cmds` imports a module, not a name.
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            near = lines[max(node.lineno - 2, 0) : node.lineno]
            commented = any("#" in line for line in near)
            for target in targets:
                if target == "twoway" or target.startswith("twoway."):
                    yield Import(module, target, node.lineno, id(node) in inside, commented)


def unit(module: str) -> str:
    """The layer unit a module belongs to: `web.ledger` for twoway.web.ledger.store."""
    parts = module.split(".")[1:]
    if not parts:
        return "twoway"
    if parts[0] == "web" and len(parts) > 1:
        return f"web.{parts[1]}"
    return parts[0]


def existing(target: str) -> str:
    """`target` as a module of the package: a name imported from a module is dropped."""
    parts = target.split(".")
    while len(parts) > 1:
        base = PACKAGE.parent.joinpath(*parts)
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return "twoway"


def test_every_unit_of_the_package_has_a_layer() -> None:
    units = {unit(module) for module, _ in modules()}
    assert units - set(LEVEL) == set(), "add the new unit to LAYERS (and docs/architecture.md)"


def test_no_import_points_back_or_sideways() -> None:
    wrong = []
    for found in imports():
        here, there = unit(found.module), unit(existing(found.target))
        if here != there and LEVEL[there] >= LEVEL[here]:
            side = "a sibling" if LEVEL[there] == LEVEL[here] else "a higher layer"
            wrong.append(f"{found} ({there} is {side} of {here})")
    assert wrong == []


def test_cli_command_modules_never_import_each_other() -> None:
    wrong = []
    for found in imports():
        if not found.module.startswith("twoway.cli."):
            continue
        name = found.module.rsplit(".", 1)[1]
        target = existing(found.target)
        if name in CLI_HELPERS or not target.startswith("twoway.cli"):
            continue
        other = target.removeprefix("twoway.cli").lstrip(".")
        if other not in CLI_HELPERS:
            wrong.append(f"{found} (take it from a helper module: {sorted(CLI_HELPERS)})")
    assert wrong == []


def test_an_import_inside_a_function_across_units_of_the_site_says_why() -> None:
    # Such imports used to dodge cycles; the few left are for start-up speed or order.
    silent = {
        str(found).rpartition(" imports ")[0]
        for found in imports()
        if found.module.startswith("twoway.web")
        and found.in_function
        and unit(found.module) != unit(existing(found.target))
        and not found.commented
    }
    assert sorted(silent) == []


@pytest.mark.parametrize(
    ("module", "target", "expected"),
    [
        ("twoway.web.ledger.store", "twoway.web.together.access", "a higher layer"),
        ("twoway.web.practices.views", "twoway.web.rituals.models", "a sibling"),
        ("twoway.core.analysis", "twoway.render.html", "a higher layer"),
    ],
)
def test_the_rule_sees_an_arrow_pointing_back(module: str, target: str, expected: str) -> None:
    here, there = unit(module), unit(target)
    assert LEVEL[there] >= LEVEL[here]
    assert ("a sibling" if LEVEL[there] == LEVEL[here] else "a higher layer") == expected
