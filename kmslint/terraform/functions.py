"""The Terraform functions that appear around KMS settings. Anything else evaluates to unknown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kmslint import redact
from kmslint.budget import MAX_ELEMENTS, BudgetExceeded, check_width
from kmslint.terraform.functions_collections import COLLECTION_FUNCTIONS, CollectionError
from kmslint.terraform.functions_text import TEXT_FUNCTIONS, TextError, formatlist
from kmslint.terraform.values import (
    Unknown,
    contains_unknown,
    normalise_number,
    set_order,
    to_bool,
    to_number,
    to_string,
    type_name,
)

MAX_RANGE = MAX_ELEMENTS
_FORMAT_NUMBER = re.compile(r"\d+")


class FunctionError(Exception):
    """A function was called with arguments Terraform would reject."""


def _as_list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    raise FunctionError(f"{name}: expected a list, got {type_name(value)}")


def _as_map(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise FunctionError(f"{name}: expected a map, got {type_name(value)}")


def _lookup(args: list[Any]) -> Any:
    mapping = _as_map(args[0], "lookup")
    key = to_string(args[1])
    if key in mapping:
        return mapping[key]
    if len(args) > 2:
        return args[2]
    raise FunctionError(f"lookup: no key {key!r} and no default")


def _merge(args: list[Any]) -> Any:
    merged: dict[str, Any] = {}
    for arg in args:
        if arg is None:
            continue
        merged.update(_as_map(arg, "merge"))
    return merged


def _concat(args: list[Any]) -> Any:
    return [item for arg in args for item in _as_list(arg, "concat")]


def _length(args: list[Any]) -> Any:
    value = args[0]
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise FunctionError(f"length: cannot take the length of a {type_name(value)}")


def _element(args: list[Any]) -> Any:
    items = _as_list(args[0], "element")
    if not items:
        raise FunctionError("element: the list is empty")
    return items[int(to_number(args[1])) % len(items)]


def _coalesce(args: list[Any]) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if arg is not None and arg != "":
            return arg
    raise FunctionError("coalesce: no non-null, non-empty argument")


def _contains(args: list[Any]) -> Any:
    return args[1] in _as_list(args[0], "contains")


def _keys(args: list[Any]) -> Any:
    return sorted(_as_map(args[0], "keys"))


def _values(args: list[Any]) -> Any:
    mapping = _as_map(args[0], "values")
    return [mapping[key] for key in sorted(mapping)]


def _toset(args: list[Any]) -> Any:
    return set_order(_as_list(args[0], "toset"))


def _tonumber(args: list[Any]) -> Any:
    return None if args[0] is None else to_number(args[0])


def _tostring(args: list[Any]) -> Any:
    return None if args[0] is None else to_string(args[0])


def _tobool(args: list[Any]) -> Any:
    return None if args[0] is None else to_bool(args[0])


def _format(args: list[Any]) -> Any:
    spec = to_string(args[0])
    out: list[str] = []
    values = iter(args[1:])
    i = 0
    while i < len(spec):
        char = spec[i]
        if char != "%":
            out.append(char)
            i += 1
            continue
        j = i + 1
        while j < len(spec) and spec[j] in "-+ #0123456789.":
            j += 1
        if j >= len(spec):
            raise FunctionError("format: incomplete verb")
        verb = spec[j]
        if verb == "%":
            out.append("%")
        else:
            out.append(_format_verb(verb, spec[i + 1 : j], next(values, None)))
        i = j + 1
    return "".join(out)


def _format_verb(verb: str, flags: str, value: Any) -> str:
    for number in _FORMAT_NUMBER.findall(flags):
        check_width(int(number[:6]) if len(number) <= 6 else 10**6, "format")
    if verb in "sv":
        text = (
            to_string(value)
            if not isinstance(value, (list, dict))
            else json.dumps(value, default=str)
        )
        return (f"%{flags}s") % text
    if verb == "d":
        return (f"%{flags}d") % int(to_number(value))
    if verb in "fg":
        return (
            format(Decimal(to_number(value)), flags.lstrip("-+ #") + verb)
            if flags
            else str(to_number(value))
        )
    if verb == "q":
        return json.dumps(to_string(value))
    if verb == "t":
        return "true" if to_bool(value) else "false"
    raise FunctionError(f"format: unsupported verb %{verb}")


def _join(args: list[Any]) -> Any:
    separator = to_string(args[0])
    return separator.join(to_string(item) for arg in args[1:] for item in _as_list(arg, "join"))


def _split(args: list[Any]) -> Any:
    return to_string(args[1]).split(to_string(args[0]))


def _replace(args: list[Any]) -> Any:
    text, old, new = (to_string(a) for a in args[:3])
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        from kmslint.linear_regex import sub

        return sub(old[1:-1], new.replace("$", "\\"), text)
    return text.replace(old, new)


def _min_max(pick: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    def run(args: list[Any]) -> Any:
        if not args:
            raise FunctionError("needs at least one number")
        return normalise_number(pick(to_number(a) for a in args))

    return run


def _flatten(args: list[Any]) -> Any:
    def walk(value: Any) -> list[Any]:
        if isinstance(value, list):
            return [item for element in value for item in walk(element)]
        return [value]

    return walk(_as_list(args[0], "flatten"))


def _zipmap(args: list[Any]) -> Any:
    keys = [to_string(k) for k in _as_list(args[0], "zipmap")]
    values = _as_list(args[1], "zipmap")
    if len(keys) != len(values):
        raise FunctionError("zipmap: the lists have different lengths")
    return dict(zip(keys, values, strict=True))


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _json_text(value: Any) -> str:
    """JSON as Terraform's ``jsonencode`` writes it: sorted keys, HTML characters escaped."""
    if isinstance(value, dict):
        items = (f"{_json_text(str(k))}:{_json_text(value[k])}" for k in sorted(value))
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return "".join(_JSON_ESCAPES.get(char, char) for char in text)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, Decimal)):
        return to_string(value)
    raise FunctionError(f"jsonencode: cannot encode a {type_name(value)}")


def _jsonencode(args: list[Any]) -> Any:
    return _json_text(args[0])


def _jsondecode(args: list[Any]) -> Any:
    try:
        return json.loads(to_string(args[0]), parse_float=Decimal)
    except ValueError as exc:
        raise FunctionError(f"jsondecode: {exc}") from None


def _range(args: list[Any]) -> Any:
    numbers = [to_number(a) for a in args]
    start, stop, step = (
        (0, numbers[0], 1)
        if len(numbers) == 1
        else (numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)
    )
    if step == 0:
        raise FunctionError("range: step must not be zero")
    count = max(0, int((stop - start) / step + (1 if (stop - start) % step else 0)))
    if count > MAX_RANGE:
        raise BudgetExceeded(f"range: {count} elements is more than kmslint expands ({MAX_RANGE})")
    return [normalise_number(start + i * step) for i in range(count)]


def _tolist(args: list[Any]) -> Any:
    return _as_list(args[0], "tolist")


def _tomap(args: list[Any]) -> Any:
    return _as_map(args[0], "tomap")


FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "lookup": _lookup,
    "merge": _merge,
    "concat": _concat,
    "length": _length,
    "element": _element,
    "coalesce": _coalesce,
    "contains": _contains,
    "keys": _keys,
    "values": _values,
    "toset": _toset,
    "tolist": _tolist,
    "tomap": _tomap,
    "tonumber": _tonumber,
    "tostring": _tostring,
    "tobool": _tobool,
    "format": _format,
    "join": _join,
    "split": _split,
    "lower": lambda a: to_string(a[0]).lower(),
    "upper": lambda a: to_string(a[0]).upper(),
    "replace": _replace,
    "trimspace": lambda a: to_string(a[0]).strip(),
    "min": _min_max(min),
    "max": _min_max(max),
    "flatten": _flatten,
    "zipmap": _zipmap,
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "range": _range,
    "formatlist": lambda a: formatlist(a, _format),
    "sensitive": lambda a: a[0],
    "nonsensitive": lambda a: a[0],
    **COLLECTION_FUNCTIONS,
    **TEXT_FUNCTIONS,
}
# Functions whose result Terraform itself knows only after apply.
APPLY_TIME = {"timestamp", "uuid", "bcrypt", "plantimestamp"}

# Functions whose result is known even when some elements of their arguments are unknown.
ELEMENT_TOLERANT = {
    "length",
    "merge",
    "concat",
    "keys",
    "lookup",
    "element",
    "values",
    "flatten",
    "tolist",
    "tomap",
    "toset",
    "zipmap",
}


def call_function(name: str, args: list[Any]) -> Any:
    """Call a supported function; unknown arguments give an unknown result."""
    function = FUNCTIONS.get(name)
    if name in APPLY_TIME:
        return Unknown(f"{name}() is known only after apply")
    if function is None:
        return Unknown(f"function {name}() is not evaluated by kmslint")
    if name != "coalesce":
        top_level = next((a for a in args if isinstance(a, Unknown)), None)
        if top_level is not None:
            return top_level
        if name not in ELEMENT_TOLERANT and any(contains_unknown(a) for a in args):
            return Unknown(f"{name}() of a value that is not known")
    try:
        result = function(args)
    except (FunctionError, BudgetExceeded):
        raise
    except (CollectionError, TextError) as exc:
        raise FunctionError(str(exc)) from None
    except (TypeError, ValueError, ArithmeticError, IndexError, KeyError, StopIteration) as exc:
        raise FunctionError(f"{name}: {exc}") from None
    _taint(result, args)
    return result


def _taint(result: Any, args: list[Any]) -> None:
    """A result computed from a value kmslint must never quote is never quoted either."""
    if redact.has_secrets():
        origin = redact.origin_within(args)
        if origin is not None:
            redact.register_derived(result, origin)
