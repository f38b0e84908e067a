"""Runtime values of the HCL evaluator: plain Python values plus *unknown* and references."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value kmslint cannot know before apply (or could not evaluate), with the reason."""

    reason: str


@dataclass(frozen=True)
class ResourceRef(Unknown):
    """A computed attribute of a resource (``alicloud_kms_key.k.id``): unknown, but we know whose."""

    address: str = ""
    attribute: str = ""


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def first_unknown(values: Any) -> Unknown | None:
    for value in values:
        if isinstance(value, Unknown):
            return value
    return None


def contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    return False


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "null" if value is None else "unknown"


def to_number(value: Any) -> int | Decimal:
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, str):
        number = Decimal(value.strip())
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a number")
        return (
            int(number)
            if number == number.to_integral_value()
            and "." not in value
            and "e" not in value.lower()
            else number
        )
    raise TypeError(f"a {type_name(value)} is not a number")


def normalise_number(value: int | Decimal) -> int | Decimal:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        number = normalise_number(value)
        if isinstance(number, int):
            return str(number)
        return format(number, "f").rstrip(
            "0"
        )  # not a whole number: there is a digit after the point
    raise TypeError(f"a {type_name(value)} cannot be used as a string")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise TypeError(f"a {type_name(value)} is not a bool")
