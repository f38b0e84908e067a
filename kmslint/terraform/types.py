"""Variable type constraints: conversions and ``optional()`` attribute defaults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kmslint.terraform import ast
from kmslint.terraform.values import is_unknown, set_order, to_bool, to_number, to_string

Evaluate = Callable[[ast.Expr], Any]
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "string": to_string,
    "number": to_number,
    "bool": to_bool,
}


def conform(type_expr: ast.Expr, value: Any, evaluate: Evaluate) -> Any:
    """Convert ``value`` to the declared type, filling ``optional()`` attributes with defaults."""
    if value is None or is_unknown(value):
        return value
    if isinstance(type_expr, ast.Var):
        convert = _CONVERT.get(type_expr.name)
        try:
            return convert(value) if convert else value
        except (TypeError, ValueError, ArithmeticError):
            return value
    if not isinstance(type_expr, ast.Call) or not type_expr.args:
        return value
    inner = type_expr.args[0]
    if type_expr.name == "list" and isinstance(value, list):
        return [conform(inner, item, evaluate) for item in value]
    if type_expr.name == "set" and isinstance(value, list):
        return set_order([conform(inner, item, evaluate) for item in value])
    if type_expr.name == "map" and isinstance(value, dict):
        return {key: conform(inner, item, evaluate) for key, item in value.items()}
    if type_expr.name == "object" and isinstance(value, dict) and isinstance(inner, ast.ObjectExpr):
        return _conform_object(inner, value, evaluate)
    if type_expr.name == "tuple" and isinstance(value, list) and isinstance(inner, ast.TupleExpr):
        return [
            conform(t, item, evaluate) for t, item in zip(inner.items, value, strict=False)
        ] + value[len(inner.items) :]
    return value


def _conform_object(
    shape: ast.ObjectExpr, value: dict[str, Any], evaluate: Evaluate
) -> dict[str, Any]:
    result = dict(value)
    for key_expr, attribute_type in shape.items:
        if not isinstance(key_expr, ast.Lit):
            continue
        name = str(key_expr.value)
        # optional(type, default): the attribute may be absent; it then takes the default or null.
        optional = isinstance(attribute_type, ast.Call) and attribute_type.name == "optional"
        args = attribute_type.args if isinstance(attribute_type, ast.Call) and optional else ()
        declared = args[0] if args else attribute_type
        if name not in result or result[name] is None:
            if not optional:
                continue
            result[name] = evaluate(args[1]) if len(args) > 1 else None
        result[name] = conform(declared, result[name], evaluate)
    return result
