"""Errors that name where the input is wrong: a contract key and YAML line, or a CSV row and column.

Everything is validated before anything is computed. A function that finds problems collects
all of them (up to a limit) and raises one :class:`ContractError` or :class:`OutcomesError`
carrying the list, so a user fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "ContractError",
    "InputError",
    "Issue",
    "OutcomesError",
    "YamlLocator",
    "json_path",
]

MAX_ISSUES = 50


@dataclass(frozen=True)
class Issue:
    """One problem in an input file.

    For a contract ``key`` is a JSON path (``$.outcomes[1].price``) and ``line`` the 1-based
    YAML line; for an outcomes file ``row`` is the 1-based line of the CSV file (the header is
    row 1) and ``column`` the column name.
    """

    message: str
    key: str | None = None
    line: int | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where: list[str] = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.key is not None:
            where.append(f"key {self.key}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    """Base class: an input file is invalid; ``issues`` lists every problem found."""

    kind = "input"

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class ContractError(InputError):
    """The contract file is invalid (schema or meaning)."""

    kind = "contract"


class OutcomesError(InputError):
    """The outcomes file is invalid, or does not fit the contract."""

    kind = "outcomes"


def json_path(parts: Sequence[str | int]) -> str:
    """``("outcomes", 1, "price")`` -> ``$.outcomes[1].price``."""
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


class YamlLocator:
    """Maps a JSON path into a YAML document back to the line it was written on.

    It walks the node tree from :func:`yaml.compose` (which keeps ``start_mark``) along the
    path. A path that does not exist (a missing required key) resolves to the deepest node
    that does, which is the object the key should be added to.
    """

    def __init__(self, text: str) -> None:
        try:
            self._root: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            self._root = None

    def line(self, parts: Sequence[str | int]) -> int | None:
        node = self._root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for p in parts:
            nxt: yaml.Node | None = None
            key_line: int | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(p, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == p:
                        nxt, key_line = v, k.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(p, int) and 0 <= p < len(node.value):
                nxt = node.value[p]
            if nxt is None:
                return line
            node = nxt
            line = key_line if key_line is not None else nxt.start_mark.line + 1
        return line

    def key_line(self, parts: Sequence[str | int], key: str) -> int | None:
        """Line of ``key`` inside the mapping at ``parts`` (for an unexpected key)."""
        line = self.line([*parts, key])
        return line


def describe(value: Any) -> str:
    """Short printable form of a value in an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
