"""Template parameters: the value of each (given, else ``Default``), typed and checked.

Values come from ``--parameter k=v`` (strings) and the usage file's ``parameters:`` and are
converted to the declared ``Type`` (String, Number, CommaDelimitedList, Boolean, Json).
``AllowedValues``, ``MinValue``/``MaxValue`` and ``MinLength``/``MaxLength`` violations are
errors at the constraint's line. A parameter with neither a value nor a ``Default`` is unknown.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kmslint.errors import Diagnostic
from kmslint.ros.template import Template
from kmslint.ros.values import LMap, Unknown, plain, text_of, type_name

TYPES = ("String", "Number", "CommaDelimitedList", "Boolean", "Json")
GIVEN = "given with --parameter or in the usage file"


class BadValue(Exception):
    """A parameter value that does not fit the parameter's Type or constraints."""


@dataclass
class ParameterSet:
    """Resolved parameter values (or Unknown) and the problems found on the way."""

    values: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def normalise(value: Any) -> Any:
    """A usage-file value (ruamel types, floats) as plain values with Decimal numbers."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, Decimal)):
        return value if not isinstance(value, str) else str(value)
    if isinstance(value, int):
        return bool(value) if type(value).__name__ == "ScalarBoolean" else int(value)
    if isinstance(value, float):
        return Decimal(repr(float(value)))
    if isinstance(value, Mapping):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    return str(value)


def to_number(value: Any) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise BadValue(f"a {type_name(value)} is not a Number")
    if isinstance(value, int):
        return value
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else value
    except InvalidOperation:
        raise BadValue(f"{value!r} is not a Number") from None
    if not number.is_finite():
        raise BadValue(f"{value!r} is not a Number")
    return int(number) if number == number.to_integral_value() else number


def to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise BadValue(f"{value!r} is not a Boolean (true or false)")


def convert(kind: str, value: Any) -> Any:
    """``value`` as the parameter Type ``kind`` wants it; BadValue when it cannot be."""
    if value is None:
        return None
    if kind == "Number":
        return to_number(value)
    if kind == "Boolean":
        return to_boolean(value)
    if kind == "CommaDelimitedList":
        if isinstance(value, str):
            return [part.strip() for part in value.split(",")]
        if isinstance(value, list):
            return [_text(v) for v in value]
        raise BadValue(f"a {type_name(value)} is not a CommaDelimitedList")
    if kind == "Json":
        if isinstance(value, str):
            try:
                return json.loads(value, parse_float=Decimal)
            except ValueError as exc:
                raise BadValue(f"not valid JSON ({exc})") from None
        return plain(value)
    return _text(value)


def _text(value: Any) -> str:
    try:
        return text_of(value)
    except TypeError:
        raise BadValue(f"a {type_name(value)} is not a String") from None


class _Resolver:
    def __init__(self, template: Template, given: Mapping[str, Any]) -> None:
        self.template = template
        self.given = given
        self.result = ParameterSet()

    def error(self, line: int | None, message: str, severity: str = "error") -> None:
        self.result.diagnostics.append(Diagnostic(self.template.path, line, message, severity))

    def resolve(self, name: str, decl: Any) -> Any:
        line = self.template.parameters.key_line(name)
        if not isinstance(decl, LMap):
            self.error(
                line, f"parameter {name} must be a mapping with a Type, got {type_name(decl)}"
            )
            return Unknown(f"parameter {name} is malformed")
        kind = decl.get("Type", "String")
        if kind not in TYPES:
            self.error(
                decl.key_line("Type"),
                f"parameter {name}: unknown Type {kind!r}; treated as String",
                "warning",
            )
            kind = "String"
        if name in self.given:
            raw, origin, value_line = normalise(self.given[name]), GIVEN, line
        elif "Default" in decl and decl["Default"] is not None:
            raw, value_line = decl["Default"], decl.key_line("Default")
            origin = f"the Default on line {value_line}"
        elif "Default" in decl:
            return Unknown(
                f"parameter {name} has Default: null and no value was given (--parameter or usage file)"
            )
        else:
            return Unknown(
                f"parameter {name} has no Default and no value was given (--parameter or usage file)"
            )
        try:
            value = convert(kind, raw)
        except BadValue as exc:
            self.error(value_line, f"parameter {name} ({kind}): {exc} ({origin})")
            return Unknown(f"parameter {name} has an invalid value")
        self.check(name, decl, kind, value, origin)
        return value

    def check(self, name: str, decl: LMap, kind: str, value: Any, origin: str) -> None:
        if value is None:
            return
        allowed = decl.get("AllowedValues")
        if isinstance(allowed, list):
            items = value if kind == "CommaDelimitedList" else [value]
            for item in items:
                if not any(_same(item, option, kind) for option in allowed):
                    shown = ", ".join(_show(option) for option in allowed)
                    self.error(
                        decl.key_line("AllowedValues"),
                        f"parameter {name}: {_show(item)} is not one of the AllowedValues [{shown}] ({origin})",
                    )
        if kind == "Number" and isinstance(value, (int, Decimal)):
            self._bound(name, decl, "MinValue", value, operator.lt, origin)
            self._bound(name, decl, "MaxValue", value, operator.gt, origin)
        if isinstance(value, str):
            self._bound(name, decl, "MinLength", len(value), operator.lt, origin)
            self._bound(name, decl, "MaxLength", len(value), operator.gt, origin)

    def _bound(
        self,
        name: str,
        decl: LMap,
        key: str,
        value: int | Decimal,
        beyond: Callable[[Any, Any], bool],
        origin: str,
    ) -> None:
        """Report ``value`` when it is ``beyond`` the limit ``decl[key]``."""
        if key not in decl:
            return
        try:
            limit = to_number(decl[key])
        except BadValue:
            self.error(
                decl.key_line(key),
                f"parameter {name}: {key} must be a number, got {_show(decl[key])}",
            )
            return
        if beyond(value, limit):
            words = "less than" if beyond is operator.lt else "greater than"
            shown = f"length {value}" if key.endswith("Length") else _show(value)
            self.error(
                decl.key_line(key), f"parameter {name}: {shown} is {words} {key} {limit} ({origin})"
            )


def _same(value: Any, option: Any, kind: str) -> bool:
    if kind == "Number":
        try:
            return to_number(value) == to_number(option)
        except BadValue:
            return False
    if kind == "Boolean":
        try:
            return to_boolean(value) == to_boolean(option)
        except BadValue:
            return False
    try:
        return text_of(value) == text_of(option)
    except TypeError:
        return bool(plain(value) == plain(option))


def _show(value: Any) -> str:
    try:
        return repr(text_of(value)) if isinstance(value, str) else text_of(value)
    except TypeError:
        return json.dumps(plain(value), default=str)


def resolve_parameters(template: Template, given: Mapping[str, Any]) -> ParameterSet:
    """Every declared parameter's value (or Unknown), with type and constraint errors."""
    resolver = _Resolver(template, given)
    for name, decl in template.parameters.items():
        resolver.result.values[name] = resolver.resolve(name, decl)
    return resolver.result
