"""What the JSON readers' fuzz tests share: any JSON value, and editing one node of a tree.

Not a test module (pytest does not collect it): the Telegram, Meta and Discord
tests import it.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

#: Any JSON value, small.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def node_paths(node: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path (keys and indexes) of every node in a JSON tree, the root's `()` first."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += node_paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += node_paths(child, (*path, index))
    return found


def mutate(tree: object, path: tuple[Any, ...], value: object, delete: bool) -> object:
    """The tree with the node at `path` replaced by `value` (or removed)."""
    if not path:
        return value
    tree = copy.deepcopy(tree)
    parent: Any = tree
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return tree
