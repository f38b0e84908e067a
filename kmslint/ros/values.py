"""Values of an ROS template: line-aware containers, references, unknowns and ``ALIYUN::NoValue``.

Loading turns every YAML/JSON mapping into an :class:`LMap` and every sequence into an
:class:`LList`; both are plain ``dict``/``list`` subclasses that also remember the line of each
entry. Evaluation produces plain values, :class:`Unknown` for anything that cannot be known
before the stack exists, and :class:`RosRef` for a ``Ref``/``Fn::GetAtt`` of a template resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kmslint.model import ResourceRef, Unknown, is_unknown
from kmslint.yamlsafe import yaml_type_name

__all__ = [
    "NO_VALUE",
    "LList",
    "LMap",
    "RosRef",
    "Unknown",
    "first_unknown",
    "is_unknown",
    "plain",
    "text_of",
    "type_name",
]


class LMap(dict[str, Any]):
    """A mapping of the template, with the line of the mapping and of each key (1-based)."""

    def __init__(self, line: int = 0, end_line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.end_line = end_line if end_line is not None else line
        self.key_lines: dict[str, int] = {}
        self.value_lines: dict[str, int] = {}
        self.block_scalars: set[str] = set()

    def key_line(self, key: str) -> int:
        """Line of ``key``, or of the mapping itself when the key is not there."""
        return self.key_lines.get(key, self.line)

    def content_line(self, key: str) -> int:
        """Line of the first line of text of a string value (the line after ``|``/``>``)."""
        line = self.value_lines.get(key, self.key_line(key))
        return line + 1 if key in self.block_scalars else line


class LList(list[Any]):
    """A sequence of the template, with the line of the sequence and of each item (1-based)."""

    def __init__(self, line: int = 0, end_line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.end_line = end_line if end_line is not None else line
        self.item_lines: list[int] = []

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _NoValue:
    """``Ref: ALIYUN::NoValue``: the property (or list item) is removed, so its default applies."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ALIYUN::NoValue"


NO_VALUE = _NoValue()


@dataclass(frozen=True)
class RosRef(ResourceRef):
    """``Ref``/``Fn::GetAtt`` of a template resource: unknown until apply, but we know whose.

    ``address`` is the referenced copy (``DataKey`` or ``DataKey[1]``), ``logical_id`` the
    resource's logical id, and ``attribute`` the attribute asked for (``"Ref"`` for ``Ref``).
    """

    logical_id: str = ""


def type_name(value: Any) -> str:
    if value is NO_VALUE:
        return "ALIYUN::NoValue"
    if isinstance(value, Unknown):
        return "unknown value"
    return yaml_type_name(value)


def first_unknown(value: Any) -> Unknown | None:
    """The first unknown inside ``value`` (itself, or nested in lists and mappings)."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list):
        items: Any = value
    elif isinstance(value, dict):
        items = value.values()
    else:
        return None
    for item in items:
        found = first_unknown(item)
        if found is not None:
            return found
    return None


def text_of(value: Any) -> str:
    """The string form ROS gives a scalar (numbers without exponent, booleans lower-case)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"a {type_name(value)} is not a string")


def plain(value: Any) -> Any:
    """``value`` with every LMap/LList turned into a plain dict/list (for reports and tags)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
