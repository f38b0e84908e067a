"""Evaluate HCL expressions the way Terraform does, for the values that decide cost.

Values are plain Python (str, int, Decimal, bool, None, list, dict) plus :class:`Unknown`.
Anything that cannot be known before apply, or that kmslint does not evaluate, is Unknown with
a reason; nothing here raises for bad user input except :class:`EvalError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, DivisionByZero, InvalidOperation
from fractions import Fraction
from typing import Any, Protocol

from kmslint.budget import Budget, BudgetExceeded, check_value
from kmslint.terraform import ast
from kmslint.terraform.functions import FunctionError, call_function
from kmslint.terraform.values import (
    NEGATIVE_ZERO,
    Unknown,
    is_unknown,
    normalise_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)

MAX_COLLECTION = 100_000


class EvalError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class BudgetError(EvalError):
    """The evaluation budget ran out: an error of the input, not a value to assume."""


class Namespace(Protocol):
    def get_attribute(self, name: str, line: int) -> Any: ...


RootResolver = Callable[[str, int], Any]


def get_attribute(value: Any, name: str, line: int) -> Any:
    if is_unknown(value):
        return value
    if isinstance(value, dict):
        if name in value:
            return value[name]
        return Unknown(f"attribute {name!r} is not set")
    if hasattr(value, "get_attribute"):
        return value.get_attribute(name, line)
    if value is None:
        return Unknown(f"attribute {name!r} of null")
    raise EvalError(f"a {type_name(value)} has no attribute {name!r}", line)


def get_index(value: Any, key: Any, line: int) -> Any:
    if is_unknown(value):
        return value
    if is_unknown(key):
        return key
    if hasattr(value, "get_index"):
        return value.get_index(key, line)
    if isinstance(value, list):
        try:
            position = int(to_number(key))
        except (TypeError, ValueError, ArithmeticError):
            raise EvalError(f"a list index must be a number, got {type_name(key)}", line) from None
        if not 0 <= position < len(value):
            raise EvalError(f"index {position} is out of range for a list of {len(value)}", line)
        return value[position]
    if isinstance(value, dict):
        name = to_string(key)
        return value[name] if name in value else Unknown(f"key {name!r} is not in the map")
    raise EvalError(f"cannot index a {type_name(value)}", line)


def _strict_equal(a: Any, b: Any) -> bool:
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, (int, Decimal)) and not isinstance(a, bool):
        return Decimal(a) == Decimal(b)
    return bool(a == b)


def _arith(op: str, left: Any, right: Any, line: int) -> Any:
    try:
        a, b = Fraction(to_number(left)), Fraction(to_number(right))
        if op == "+":
            result = a + b
        elif op == "-":
            result = a - b
        elif op == "*":
            result = a * b
        elif op == "/":
            result = a / b
        else:  # Terraform's remainder takes the sign of the dividend
            result = a - b * math.trunc(a / b)
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        raise EvalError(f"arithmetic error in {op}", line) from None
    except (TypeError, ValueError) as exc:
        raise EvalError(f"operator {op}: {exc}", line) from None
    if result == 0 and op in "*/" and _negative(left) != _negative(right):
        return NEGATIVE_ZERO  # big.Float keeps the sign: Terraform prints -1 * 0 as "-0"
    return normalise_number(result)


def _negative(value: Any) -> bool:
    number = to_number(value)
    return number < 0 or (isinstance(number, Decimal) and number.is_zero() and number.is_signed())


def binary(op: str, left: Any, right: Any, line: int) -> Any:
    if op in ("&&", "||"):
        if not is_unknown(left):
            left_bool = to_bool(left)
            if (op == "&&" and not left_bool) or (op == "||" and left_bool):
                return left_bool
        if is_unknown(left) or is_unknown(right):
            return left if is_unknown(left) else right
        return to_bool(right)
    if is_unknown(left):
        return left
    if is_unknown(right):
        return right
    if op == "==":
        return _strict_equal(left, right)
    if op == "!=":
        return not _strict_equal(left, right)
    if op in ("<", ">", "<=", ">="):
        a, b = to_number(left), to_number(right)
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    return _arith(op, left, right, line)


def _unify(value: Any, other: Any, line: int) -> Any:
    """The chosen arm of a conditional converted to the type both arms unify to."""
    kinds = {type_name(value), type_name(other)}
    if len(kinds) == 1 or other is None or is_unknown(other):
        return value
    if "string" in kinds and kinds <= {"string", "number", "bool"}:
        return to_string(value)
    if kinds == {"number", "bool"}:
        raise EvalError("the true and false results of a conditional have different types", line)
    return value


class Evaluator:
    """Evaluates expressions of one module instance. ``roots`` resolves top-level names."""

    def __init__(self, roots: RootResolver, budget: Budget | None = None) -> None:
        self.roots = roots
        self.budget = budget or Budget()

    def eval(self, expr: ast.Expr, bindings: dict[str, Any] | None = None) -> Any:
        try:
            return self._eval(expr, bindings or {})
        except EvalError:
            raise
        except BudgetExceeded as exc:
            raise BudgetError(str(exc), getattr(expr, "line", 0)) from None
        except FunctionError as exc:
            return Unknown(str(exc))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise EvalError(str(exc), getattr(expr, "line", 0)) from None

    def _eval(self, expr: ast.Expr, env: dict[str, Any]) -> Any:
        self.budget.step()
        method = getattr(self, "_" + type(expr).__name__)
        return check_value(method(expr, env))

    def _Lit(self, expr: ast.Lit, env: dict[str, Any]) -> Any:
        return expr.value

    def _Var(self, expr: ast.Var, env: dict[str, Any]) -> Any:
        if expr.name in env:
            return env[expr.name]
        return self.roots(expr.name, expr.line)

    def _Attr(self, expr: ast.Attr, env: dict[str, Any]) -> Any:
        return get_attribute(self._eval(expr.obj, env), expr.name, expr.line)

    def _Index(self, expr: ast.Index, env: dict[str, Any]) -> Any:
        return get_index(self._eval(expr.obj, env), self._eval(expr.key, env), expr.line)

    def _Splat(self, expr: ast.Splat, env: dict[str, Any]) -> Any:
        source = self._eval(expr.obj, env)
        if is_unknown(source):
            return source
        if source is None:
            return []
        items = source if isinstance(source, list) else [source]
        results = []
        for item in items:
            for kind, arg in expr.ops:
                if kind == "attr":
                    item = get_attribute(item, arg, expr.line)
                else:
                    item = get_index(item, self._eval(arg, env), expr.line)
            results.append(item)
        return results

    def _Template(self, expr: ast.Template, env: dict[str, Any]) -> Any:
        if len(expr.parts) == 1 and isinstance(expr.parts[0], ast.Interp):
            return self._eval(expr.parts[0].expr, env)
        return self._render(expr.parts, env)

    def _render(self, parts: tuple[ast.TemplatePart, ...], env: dict[str, Any]) -> Any:
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = self._render_part(part, env)
            if is_unknown(value):
                return value
            out.append(value)
        return "".join(out)

    def _render_part(self, part: ast.TemplatePart, env: dict[str, Any]) -> Any:
        if isinstance(part, ast.Interp):
            value = self._eval(part.expr, env)
            if is_unknown(value):
                return value
            if value is None:
                raise EvalError("null value in a string template", part.line)
            return to_string(value)
        if isinstance(part, ast.IfDirective):
            cond = self._eval(part.cond, env)
            if is_unknown(cond):
                return cond
            return self._render(part.then if to_bool(cond) else part.otherwise, env)
        assert isinstance(part, ast.ForDirective)
        collection = self._eval(part.collection, env)
        if is_unknown(collection):
            return collection
        pieces = []
        for key, value in self._pairs(collection, part.line):
            inner = dict(env, **{part.value_var: value})
            if part.key_var:
                inner[part.key_var] = key
            piece = self._render(part.body, inner)
            if is_unknown(piece):
                return piece
            pieces.append(piece)
        return "".join(pieces)

    def _Call(self, expr: ast.Call, env: dict[str, Any]) -> Any:
        if expr.name in ("try", "can"):
            return self._try_or_can(expr, env)
        if expr.name == "templatestring":
            return self._templatestring(expr, env)
        args = [self._eval(arg, env) for arg in expr.args]
        if expr.expand_last and args:
            last = args.pop()
            if is_unknown(last):
                return last
            args.extend(
                last
                if isinstance(last, list)
                else list(last.values())
                if isinstance(last, dict)
                else [last]
            )
        return call_function(expr.name, args)

    def _try_or_can(self, expr: ast.Call, env: dict[str, Any]) -> Any:
        for arg in expr.args:
            try:
                value = self._eval(arg, env)
            except (BudgetError, BudgetExceeded):
                raise
            except (EvalError, FunctionError, TypeError, ValueError, ArithmeticError):
                if expr.name == "can":
                    return False
                continue
            if expr.name == "can":
                return value if is_unknown(value) else True
            if is_unknown(value) and "is not set" in value.reason:
                continue
            return value
        if expr.name == "can":
            return True
        raise EvalError("try: no argument could be evaluated", expr.line)

    def _templatestring(self, expr: ast.Call, env: dict[str, Any]) -> Any:
        from kmslint.errors import InputError
        from kmslint.terraform.parse import parse_expression

        if len(expr.args) != 2:
            raise EvalError("templatestring takes a template and an object of variables", expr.line)
        text, variables = self._eval(expr.args[0], env), self._eval(expr.args[1], env)
        if is_unknown(text) or is_unknown(variables):
            return text if is_unknown(text) else variables
        if not isinstance(variables, dict):
            raise EvalError("templatestring: the variables must be an object", expr.line)
        quoted = '"' + to_string(text).replace("\\", "\\\\").replace('"', '\\"')
        quoted = quoted.replace("\n", "\\n") + '"'
        try:
            template = parse_expression(quoted)
        except InputError:
            raise EvalError("templatestring: the template is not valid", expr.line) from None
        isolated = Evaluator(lambda name, line: Unknown(f"{name} is not a template variable"))
        return isolated._eval(template, dict(variables))

    def _Conditional(self, expr: ast.Conditional, env: dict[str, Any]) -> Any:
        cond = self._eval(expr.cond, env)
        if is_unknown(cond):
            return cond
        chosen, other = (
            (expr.then, expr.otherwise) if to_bool(cond) else (expr.otherwise, expr.then)
        )
        value = self._eval(chosen, env)
        if value is None or is_unknown(value) or isinstance(value, (list, dict, str)):
            return value
        try:
            other_value = self._eval(other, env)
        except (EvalError, FunctionError, TypeError, ValueError, ArithmeticError):
            return value
        return _unify(value, other_value, expr.line)

    def _BinaryOp(self, expr: ast.BinaryOp, env: dict[str, Any]) -> Any:
        left = self._eval(expr.left, env)
        # && and || short-circuit on a known left side, as Terraform does.
        if expr.op in ("&&", "||") and not is_unknown(left) and to_bool(left) == (expr.op == "||"):
            return to_bool(left)
        return binary(expr.op, left, self._eval(expr.right, env), expr.line)

    def _UnaryOp(self, expr: ast.UnaryOp, env: dict[str, Any]) -> Any:
        value = self._eval(expr.operand, env)
        if is_unknown(value):
            return value
        if expr.op == "!":
            return not to_bool(value)
        if to_number(value) == 0:  # big.Float negation flips a zero's sign: -0 prints "-0"
            return 0 if _negative(value) else NEGATIVE_ZERO
        return normalise_number(-Decimal(to_number(value)))

    def _TupleExpr(self, expr: ast.TupleExpr, env: dict[str, Any]) -> Any:
        return [self._eval(item, env) for item in expr.items]

    def _ObjectExpr(self, expr: ast.ObjectExpr, env: dict[str, Any]) -> Any:
        result: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = self._eval(key_expr, env)
            if is_unknown(key):
                return key
            result[to_string(key)] = self._eval(value_expr, env)
        return result

    def _pairs(self, collection: Any, line: int) -> list[tuple[Any, Any]]:
        if isinstance(collection, list):
            pairs: list[tuple[Any, Any]] = list(enumerate(collection))
        elif isinstance(collection, dict):
            pairs = [(key, collection[key]) for key in sorted(collection)]
        else:
            raise EvalError(f"cannot iterate over a {type_name(collection)}", line)
        if len(pairs) > MAX_COLLECTION:
            raise EvalError(
                f"for expression over {len(pairs)} elements exceeds the limit of {MAX_COLLECTION}",
                line,
            )
        return pairs

    def _ForExpr(self, expr: ast.ForExpr, env: dict[str, Any]) -> Any:
        collection = self._eval(expr.collection, env)
        if is_unknown(collection):
            return collection
        list_result: list[Any] = []
        map_result: dict[str, Any] = {}
        for key, value in self._pairs(collection, expr.line):
            inner = dict(env, **{expr.value_var: value})
            if expr.key_var:
                inner[expr.key_var] = key
            if expr.cond is not None:
                keep = self._eval(expr.cond, inner)
                if is_unknown(keep):
                    return keep
                if not to_bool(keep):
                    continue
            item = self._eval(expr.value_expr, inner)
            if expr.key_expr is None:
                list_result.append(item)
                continue
            map_key = self._eval(expr.key_expr, inner)
            if is_unknown(map_key):
                return map_key
            name = to_string(map_key)
            if expr.grouping:
                map_result.setdefault(name, []).append(item)
            elif name in map_result:
                raise EvalError(f"duplicate key {name!r} in for expression", expr.line)
            else:
                map_result[name] = item
        return list_result if expr.key_expr is None else map_result
