"""Terraform's collection and number functions, with Terraform's set ordering and errors."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kmslint.terraform.values import (
    normalise_number,
    set_order,
    to_bool,
    to_number,
    to_string,
    type_name,
)


class CollectionError(Exception):
    """A function was called with arguments Terraform would reject."""


def _list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise CollectionError(f"{name}: expected a list, got {type_name(value)}")


def _strings(value: Any, name: str) -> list[str]:
    return [to_string(item) for item in _list(value, name)]


def _index(args: list[Any]) -> Any:
    items = _list(args[0], "index")
    for position, item in enumerate(items):
        if type_name(item) == type_name(args[1]) and item == args[1]:
            return position
    raise CollectionError("index: item not found")


def _sort(args: list[Any]) -> Any:
    return sorted(_strings(args[0], "sort"))


def _distinct(args: list[Any]) -> Any:
    unique: list[Any] = []
    for item in _list(args[0], "distinct"):
        if item not in unique:
            unique.append(item)
    return unique


def _slice(args: list[Any]) -> Any:
    items = _list(args[0], "slice")
    start, end = int(to_number(args[1])), int(to_number(args[2]))
    if not 0 <= start <= end <= len(items):
        raise CollectionError(f"slice: indices {start}..{end} are out of range")
    return items[start:end]


def _one(args: list[Any]) -> Any:
    items = _list(args[0], "one")
    if len(items) > 1:
        raise CollectionError("one: the list has more than one element")
    return items[0] if items else None


def _sum(args: list[Any]) -> Any:
    items = _list(args[0], "sum")
    if not items:
        raise CollectionError("sum: the list is empty")
    return normalise_number(sum((Fraction(to_number(v)) for v in items), Fraction(0)))


def _compact(args: list[Any]) -> Any:
    return [to_string(v) for v in _list(args[0], "compact") if v is not None and v != ""]


def _chunklist(args: list[Any]) -> Any:
    items, size = _list(args[0], "chunklist"), int(to_number(args[1]))
    if size < 0:
        raise CollectionError("chunklist: the size must not be negative")
    if size == 0:
        return [items] if items else []
    return [items[i : i + size] for i in range(0, len(items), size)]


def _transpose(args: list[Any]) -> Any:
    result: dict[str, list[str]] = {}
    source = args[0]
    if not isinstance(source, dict):
        raise CollectionError("transpose: expected a map of lists")
    for key in sorted(source):
        for value in _strings(source[key], "transpose"):
            result.setdefault(value, []).append(key)
    return {key: result[key] for key in sorted(result)}


def _coalescelist(args: list[Any]) -> Any:
    for arg in args:
        if _list(arg, "coalescelist"):
            return arg
    raise CollectionError("coalescelist: no non-empty list")


def _as_set(value: Any, name: str) -> list[Any]:
    return set_order(_list(value, name))


def _setunion(args: list[Any]) -> Any:
    return set_order([item for arg in args for item in _list(arg, "setunion")])


def _setintersection(args: list[Any]) -> Any:
    result = _as_set(args[0], "setintersection")
    for arg in args[1:]:
        other = _list(arg, "setintersection")
        result = [item for item in result if item in other]
    return result


def _setsubtract(args: list[Any]) -> Any:
    other = _list(args[1], "setsubtract")
    return [item for item in _as_set(args[0], "setsubtract") if item not in other]


def _setproduct(args: list[Any]) -> Any:
    product: list[list[Any]] = [[]]
    for arg in args:
        product = [[*prefix, item] for prefix in product for item in _list(arg, "setproduct")]
    return product if args else []


def _alltrue(args: list[Any]) -> Any:
    return all(to_bool(v) for v in _list(args[0], "alltrue"))


def _anytrue(args: list[Any]) -> Any:
    return any(to_bool(v) for v in _list(args[0], "anytrue"))


def _whole(value: Any, name: str) -> int:
    number = to_number(value)
    if Fraction(number).denominator != 1:
        raise CollectionError(f"{name}: value must be a whole number")
    return int(number)


def _floor_ceil(round_: Callable[[Fraction], int]) -> Callable[[list[Any]], Any]:
    return lambda args: round_(Fraction(to_number(args[0])))


def _parseint(args: list[Any]) -> Any:
    text, base = to_string(args[0]), _whole(args[1], "parseint")
    if not 2 <= base <= 62:
        raise CollectionError("parseint: base must be 2..62")
    try:
        return int(text, base)
    except ValueError:
        raise CollectionError(f"parseint: cannot parse {text!r} as a base {base} integer") from None


def _pow(args: list[Any]) -> Any:
    base, exponent = Fraction(to_number(args[0])), Fraction(to_number(args[1]))
    if exponent.denominator == 1 and exponent >= 0 and abs(exponent) <= 1024:
        return normalise_number(base ** int(exponent))
    return _float(math.pow(float(base), float(exponent)))


def _log(args: list[Any]) -> Any:
    number, base = float(to_number(args[0])), float(to_number(args[1]))
    return _float(math.log(number) / math.log(base))


def _float(value: float) -> Any:
    """A float64 result (pow, log), exactly as Terraform keeps it."""
    if not math.isfinite(value):
        raise CollectionError("the result is not a finite number")
    return normalise_number(Decimal(value))


COLLECTION_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "index": _index,
    "sort": _sort,
    "distinct": _distinct,
    "reverse": lambda a: list(reversed(_list(a[0], "reverse"))),
    "slice": _slice,
    "one": _one,
    "sum": _sum,
    "compact": _compact,
    "chunklist": _chunklist,
    "transpose": _transpose,
    "coalescelist": _coalescelist,
    "setunion": _setunion,
    "setintersection": _setintersection,
    "setsubtract": _setsubtract,
    "setproduct": _setproduct,
    "alltrue": _alltrue,
    "anytrue": _anytrue,
    "floor": _floor_ceil(math.floor),
    "ceil": _floor_ceil(math.ceil),
    "abs": lambda a: normalise_number(abs(Fraction(to_number(a[0])))),
    "signum": lambda a: (lambda n: (n > 0) - (n < 0))(_whole(a[0], "signum")),
    "parseint": _parseint,
    "pow": _pow,
    "log": _log,
}
