"""The instances ``count`` and ``for_each`` make of a resource or module call, and their keys
as Terraform writes them in addresses (``[0]``, ``["name"]``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kmslint.budget import BudgetExceeded
from kmslint.model import Unresolved
from kmslint.terraform.values import is_unknown, set_order, to_number, to_string, type_name

MAX_INSTANCES = 10_000


@dataclass
class InstanceKey:
    """One expansion of a resource or module call: ``[0]``, ``["name"]`` or nothing."""

    suffix: str
    bindings: dict[str, Any]
    assumed: Unresolved | None = None  # the count or for_each that could not be resolved


def count_keys(value: Any, line: int, error: Callable[[str], None]) -> list[InstanceKey]:
    """The keys of ``count = value`` (one assumed instance when it is unknown)."""
    if is_unknown(value):
        assumed = Unresolved("count", f"at least 1 instance ({value.reason})", line)
        return [InstanceKey("[0]", {"count": {"index": 0}}, assumed)]
    try:
        count = int(to_number(value))
    except BudgetExceeded as exc:
        error(f"count: {exc}")
        return []
    except (TypeError, ValueError, ArithmeticError):
        error(f"count must be a whole number, got {type_name(value)}")
        return []
    if count < 0 or count > MAX_INSTANCES:
        error(f"count of {count} is outside 0..{MAX_INSTANCES}")
        return []
    return [InstanceKey(f"[{i}]", {"count": {"index": i}}) for i in range(count)]


def for_each_keys(value: Any, line: int, error: Callable[[str], None]) -> list[InstanceKey]:
    """The keys of ``for_each = value``, in Terraform's order (one assumed when unknown)."""
    if isinstance(value, list):
        value = next((v for v in value if is_unknown(v)), value)
    if is_unknown(value):
        assumed = Unresolved("for_each", f"at least 1 instance ({value.reason})", line)
        return [InstanceKey('["?"]', {"each": {"key": "?", "value": value}}, assumed)]
    if isinstance(value, dict):
        items = [(str(k), value[k]) for k in sorted(value)]
    elif isinstance(value, list):
        items = [(to_string(v), v) for v in set_order(value)]
    else:
        error(f"for_each must be a map or a set, got {type_name(value)}")
        return []
    if len(items) > MAX_INSTANCES:
        error(f"for_each of {len(items)} instances exceeds the limit of {MAX_INSTANCES}")
        return []
    return [InstanceKey(f"[{quote_key(k)}]", {"each": {"key": k, "value": v}}) for k, v in items]


_ADDRESS_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def quote_key(key: str) -> str:
    """An instance key as Terraform writes it in an address (HCL quoting): ``"a\\"b"``,
    ``"x\\ny"``, ``$${`` for a literal ``${``, ``\\u0001`` for a control character."""
    out = ['"']
    for position, char in enumerate(key):
        if char in _ADDRESS_ESCAPES:
            out.append(_ADDRESS_ESCAPES[char])
        elif char in "$%" and key[position + 1 : position + 2] == "{":
            out.append(char * 2)
        elif not char.isprintable():
            code = ord(char)
            out.append(f"\\u{code:04x}" if code < 65536 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out) + '"'
