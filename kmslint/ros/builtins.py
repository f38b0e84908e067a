"""ROS functions that compute a value from already-evaluated arguments (no template look-ups).

Each takes the evaluated argument of ``{"Fn::Name": argument}`` and returns the result, raises
:class:`FunctionError` for arguments of the wrong shape, or :class:`NeedsKnown` when it needs a
value that is unknown (the caller then makes the whole result unknown).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kmslint.budget import MAX_STRING_CHARS, BudgetExceeded
from kmslint.ros.parameters import BadValue, to_number
from kmslint.ros.values import NO_VALUE, Unknown, first_unknown, text_of, type_name


class FunctionError(Exception):
    """A function's argument does not have the shape the function needs."""


class NeedsKnown(Exception):
    """The function needs a value that is unknown before the stack exists."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


def known(value: Any) -> Any:
    """``value`` itself, with nothing unknown inside; NeedsKnown otherwise."""
    found = first_unknown(value)
    if found is not None:
        raise NeedsKnown(found)
    return value


def text(value: Any) -> str:
    try:
        return text_of(known(value))
    except TypeError as exc:
        raise FunctionError(str(exc)) from None


def number(value: Any) -> int | Decimal:
    try:
        return to_number(known(value))
    except BadValue as exc:
        raise FunctionError(str(exc)) from None


def shallow(value: Any) -> Any:
    """``value`` itself when it is not unknown (its items may be); NeedsKnown otherwise."""
    if isinstance(value, Unknown):
        raise NeedsKnown(value)
    return value


def items(argument: Any, count: int) -> list[Any]:
    """A list argument of at least ``count`` entries (entries after those are optional)."""
    value = shallow(argument)
    if not isinstance(value, list) or len(value) < count:
        raise FunctionError(f"expects a list of at least {count} items, got {type_name(value)}")
    return value


def fn_join(argument: Any) -> str:
    delimiter, values = items(argument, 2)[:2]
    if not isinstance(shallow(values), list):
        raise FunctionError(f"the second item must be a list, got {type_name(values)}")
    return text(delimiter).join(text(v) for v in values)


def fn_split(argument: Any) -> list[str]:
    delimiter, source = items(argument, 2)[:2]
    separator = text(delimiter)
    if not separator:
        raise FunctionError("the delimiter must not be empty")
    return text(source).split(separator)


def _slice(spec: str, values: list[Any]) -> list[Any]:
    try:
        parts = [int(p) if p.strip() else None for p in spec.split(":")]
    except ValueError:
        raise FunctionError(f"{spec!r} is not start:stop[:step]") from None
    if len(parts) > 3 or (len(parts) == 3 and parts[2] == 0):
        raise FunctionError(f"{spec!r} is not start:stop[:step]")
    return values[slice(*parts)]


def fn_select(argument: Any) -> Any:
    arguments = items(argument, 2)
    selector, container = known(arguments[0]), shallow(arguments[1])
    default = arguments[2] if len(arguments) > 2 else ""
    if isinstance(container, dict):
        return container.get(text(selector), default)
    if not isinstance(container, list):
        raise FunctionError(f"selects from a list or a mapping, got {type_name(container)}")
    if isinstance(selector, str) and ":" in selector:
        return _slice(selector, container)
    index = number(selector)
    if not isinstance(index, int):
        raise FunctionError(f"index {index} is not a whole number")
    return container[index] if -len(container) <= index < len(container) else default


def check_value_length(length: int) -> None:
    if length > MAX_STRING_CHARS:
        raise BudgetExceeded(
            f"the result would have {length:,} characters, more than {MAX_STRING_CHARS:,}"
        )


def fn_replace(argument: Any) -> str:
    replacements, source = items(argument, 2)[:2]
    if not isinstance(known(replacements), dict):
        raise FunctionError(
            f"the first item must be a mapping of old: new, got {type_name(replacements)}"
        )
    result = text(source)
    for old, new in replacements.items():
        old_text, new_text = str(old), text(new)
        if old_text:
            growth = result.count(old_text) * (len(new_text) - len(old_text))
            check_value_length(len(result) + growth)
        result = result.replace(old_text, new_text)
    return result


def fn_str(argument: Any) -> str:
    return text(argument)


def fn_add(argument: Any) -> Any:
    values = known(argument)
    if not isinstance(values, list) or not values:
        raise FunctionError(f"adds a non-empty list of values, got {type_name(values)}")
    if all(isinstance(v, list) for v in values):
        return [item for v in values for item in v]
    if all(isinstance(v, dict) for v in values):
        merged: dict[str, Any] = {}
        for v in values:
            merged.update(v)
        return merged
    if all(isinstance(v, str) for v in values):
        return "".join(values)
    return _normal(sum((number(v) for v in values), Decimal(0)))


def _normal(value: int | Decimal) -> int | Decimal:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _numbers(argument: Any) -> list[int | Decimal]:
    values = known(argument)
    if not isinstance(values, list) or not values:
        raise FunctionError(f"expects a non-empty list of numbers, got {type_name(values)}")
    return [number(v) for v in values]


def fn_max(argument: Any) -> int | Decimal:
    return max(_numbers(argument))


def fn_min(argument: Any) -> int | Decimal:
    return min(_numbers(argument))


def fn_length(argument: Any) -> int:
    value = shallow(argument)
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise FunctionError(f"measures a list, mapping or string, got {type_name(value)}")


def fn_index(argument: Any) -> int | str:
    item, values = items(argument, 2)[:2]
    values = known(values)
    if not isinstance(values, list):
        raise FunctionError(f"searches a list, got {type_name(values)}")
    wanted = known(item)
    return values.index(wanted) if wanted in values else ""


def fn_list_merge(argument: Any) -> list[Any]:
    values = shallow(argument)
    if not isinstance(values, list) or not all(isinstance(shallow(v), list) for v in values):
        raise FunctionError("merges a list of lists")
    return [item for v in values for item in v]


def fn_base64_encode(argument: Any) -> str:
    return base64.b64encode(text(argument).encode("utf-8")).decode("ascii")


def fn_base64_decode(argument: Any) -> str:
    try:
        return base64.b64decode(text(argument), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise FunctionError("the value is not Base64-encoded UTF-8 text") from None


def fn_equals(argument: Any) -> bool:
    left, right = (known(v) for v in items(argument, 2)[:2])
    return same_value(left, right)


def same_value(left: Any, right: Any) -> bool:
    """ROS equality: numbers by value, a number and its string form alike, else exact."""
    if left is NO_VALUE or right is NO_VALUE:
        return left is right
    if isinstance(left, (str, int, Decimal)) and isinstance(right, (str, int, Decimal)):
        try:
            return text_of(left) == text_of(right) or to_number(left) == to_number(right)
        except BadValue:
            return False
    return bool(left == right)


PURE: dict[str, Callable[[Any], Any]] = {
    "Fn::Join": fn_join,
    "Fn::Split": fn_split,
    "Fn::Select": fn_select,
    "Fn::Replace": fn_replace,
    "Fn::Str": fn_str,
    "Fn::Add": fn_add,
    "Fn::Max": fn_max,
    "Fn::Min": fn_min,
    "Fn::Length": fn_length,
    "Fn::Index": fn_index,
    "Fn::ListMerge": fn_list_merge,
    "Fn::Base64Encode": fn_base64_encode,
    "Fn::Base64Decode": fn_base64_decode,
    "Fn::Equals": fn_equals,
}
