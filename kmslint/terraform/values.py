"""Runtime values of the HCL evaluator: plain Python values plus *unknown* and references."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from kmslint.budget import check_number

# The shared value types live in the model; the evaluator's modules keep importing them from here.
from kmslint.model import ResourceRef as ResourceRef
from kmslint.model import Unknown as Unknown
from kmslint.model import is_unknown as is_unknown

MAX_NUMBER_TEXT = 1_000  # characters of a string converted to a number


PRECISION_BITS = 512  # Terraform's numbers are big.Float with a 512-bit mantissa
_EXACT_DIGITS = 160  # a decimal with more digits came from rounding a binary fraction


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
        check_number(value)
        return value
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT:
            raise ValueError(f"a string of {len(value)} characters is not a number")
        if value != value.strip() or "_" in value:  # Terraform takes neither spaces nor "_"
            raise ValueError(f"{value!r} is not a number")
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a number")
        check_number(number)
        return (
            int(number)
            if number == number.to_integral_value()
            and "." not in value
            and "e" not in value.lower()
            else number
        )
    raise TypeError(f"a {type_name(value)} is not a number")


NEGATIVE_ZERO = Decimal("-0")  # the one signed zero arithmetic makes (-1 * 0); prints "-0"


def normalise_number(value: int | Decimal | Fraction) -> int | Decimal:
    """An int when whole; else a Decimal, rounded to 512 bits as Terraform rounds."""
    check_number(value if not isinstance(value, Fraction) else int(value))
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return _exact_decimal(_round_binary(value))
    if value is NEGATIVE_ZERO:
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


def _terminates(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _round_binary(value: Fraction) -> Fraction:
    """The nearest number with a 512-bit binary mantissa (ties to even), unless exact."""
    if value == 0 or (_terminates(value) and len(str(value.denominator)) < 60):
        return value
    sign, magnitude = (1 if value > 0 else -1), abs(value)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    shift = PRECISION_BITS - exponent
    scaled = magnitude * Fraction(2) ** shift
    while scaled >= 2**PRECISION_BITS:
        shift -= 1
        scaled /= 2
    while scaled < 2 ** (PRECISION_BITS - 1):
        shift += 1
        scaled *= 2
    return sign * Fraction(round(scaled)) / Fraction(2) ** shift


def _exact_decimal(value: Fraction) -> Decimal:
    with localcontext() as context:
        context.prec = 2000
        return Decimal(value.numerator) / Decimal(value.denominator)


def _shortest(value: Decimal) -> str:
    """Go's ``big.Float.Text('f', -1)`` at 512 bits: the fewest digits that round back."""
    exact = Fraction(value)
    magnitude = abs(exact)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    while Fraction(2) ** exponent > magnitude:  # 2**exponent <= magnitude < 2**(exponent + 1)
        exponent -= 1
    while Fraction(2) ** (exponent + 1) <= magnitude:
        exponent += 1
    half_ulp = Fraction(2) ** (exponent - PRECISION_BITS)
    with localcontext() as context:
        for digits in range(1, 400):
            context.prec = digits
            candidate = +value
            if abs(Fraction(candidate) - exact) <= half_ulp:
                return format(candidate, "f")
    return format(value, "f")


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        number = normalise_number(value)
        if number is NEGATIVE_ZERO:
            return "-0"
        if isinstance(number, int):
            return str(number)
        if len(number.as_tuple().digits) > _EXACT_DIGITS:
            return _shortest(number)
        return format(number, "f").rstrip("0")  # not a whole number: a digit follows the point
    raise TypeError(f"a {type_name(value)} cannot be used as a string")


def _set_identity(item: Any) -> Any:
    """What makes two set elements equal: type and value (numbers by value, 1 == 1.0)."""
    if isinstance(item, (int, Decimal)) and not isinstance(item, bool):
        return ("number", Fraction(item))
    if isinstance(item, (str, bool)) or item is None:
        return (type_name(item), item)
    import json

    return (type_name(item), json.dumps(item, sort_keys=True, default=repr))


def set_order(items: list[Any]) -> list[Any]:
    """A set's elements deduplicated in Terraform's order: strings lexically (after
    unifying mixed primitives to strings), numbers numerically, false before true."""
    unique: list[Any] = []
    kinds = {type_name(item) for item in items}
    if len(kinds) > 1 and kinds <= {"string", "number", "bool"}:
        items = [to_string(item) for item in items]
    seen: set[Any] = set()
    for item in items:
        identity = _set_identity(item)
        if identity not in seen:  # a set lookup: toset() of many elements stays linear
            seen.add(identity)
            unique.append(item)
    if kinds == {"number"}:
        return sorted(unique, key=Fraction)
    if all(isinstance(item, (str, bool)) for item in unique):
        return sorted(unique, key=lambda v: (not isinstance(v, bool), v))
    return unique


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise TypeError(f"a {type_name(value)} is not a bool")
