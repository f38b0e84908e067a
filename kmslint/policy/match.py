"""Declarative ``match`` conditions over a key's normalised fields (see ``fields.py``).

A condition is a mapping with exactly one of:

* ``all: [condition, ...]`` — every condition holds;
* ``any: [condition, ...]`` — at least one holds;
* ``not: condition`` — the condition does not hold;
* ``field: NAME`` plus one or more operators (all must hold): ``equals``, ``in``, ``not_in``,
  ``gt``, ``gte``, ``lt``, ``lte``, ``regex`` (a search by RE2, in linear time), ``exists`` (true/false).

An operand may be ``{param: NAME}`` to read the rule's (configurable) parameter. A field whose
value is missing or unknown satisfies only ``exists: false``. Numbers and money compare exactly
(as fractions of decimals), never as floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from kmslint.budget import BudgetExceeded, check_number
from kmslint.policy.fields import FIELDS, MAPPING, NUMERIC_KINDS, STRING, field_kind, lookup
from kmslint.yamlsafe import (
    Problems,
    did_you_mean,
    item_line,
    key_line,
    node_line,
    plain,
    type_name,
)

OPERATORS = ("equals", "in", "not_in", "gt", "gte", "lt", "lte", "regex", "exists")
COMBINATORS = ("all", "any", "not")
ORDERING = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


@dataclass(frozen=True)
class Param:
    """An operand that reads the rule parameter ``name`` when the rule runs."""

    name: str


@dataclass(frozen=True)
class FieldTest:
    field: str
    operator: str
    operand: Any
    line: int | None


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = FieldTest | AllOf | AnyOf | Not


# -- evaluation -------------------------------------------------------------------------------
def evaluate(condition: Condition, fields: dict[str, Any], params: Mapping[str, Any]) -> bool:
    """Whether ``condition`` holds for one key's fields."""
    if isinstance(condition, AllOf):
        return all(evaluate(part, fields, params) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return any(evaluate(part, fields, params) for part in condition.parts)
    if isinstance(condition, Not):
        return not evaluate(condition.part, fields, params)
    return _test(condition, fields, params)


def _test(test: FieldTest, fields: dict[str, Any], params: Mapping[str, Any]) -> bool:
    operand = params.get(test.operand.name) if isinstance(test.operand, Param) else test.operand
    exists, value = lookup(fields, test.field)
    if test.operator == "exists":
        return exists == bool(operand)
    if not exists:
        return False
    if test.operator == "equals":
        return equal(value, operand)
    if test.operator in ("in", "not_in"):
        found = any(equal(value, item) for item in (operand or []))
        return found if test.operator == "in" else not found
    if test.operator == "regex":
        from kmslint.linear_regex import RegexError, search

        try:
            return isinstance(value, str) and search(str(operand), value)
        except RegexError:
            return False
    left, right = as_fraction(value), as_fraction(operand)
    if left is None or right is None:
        return False
    return bool(ORDERING[test.operator](left, right))


MAX_NUMBER_TEXT = 1_000


def as_fraction(value: Any) -> Fraction | None:
    """An exact number for comparisons; floats go through their decimal text; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Fraction, Decimal)):
        return (
            Fraction(value) if _sane(Decimal(value) if isinstance(value, int) else value) else None
        )
    if isinstance(value, (float, str)):
        if len(str(value)) > MAX_NUMBER_TEXT:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return Fraction(number) if number.is_finite() and _sane(number) else None
    return None


def _sane(number: Decimal | Fraction) -> bool:
    """Numbers past the budget's magnitude compare as text (Fraction(1e999999999) never ends)."""
    try:
        check_number(number if isinstance(number, Decimal) else Decimal(number.numerator))
    except BudgetExceeded:
        return False
    return True


def equal(value: Any, operand: Any) -> bool:
    """Equality for match: numbers numerically, booleans only with booleans, else as text."""
    if isinstance(value, bool) or isinstance(operand, bool):
        return isinstance(value, bool) and isinstance(operand, bool) and value == operand
    left, right = as_fraction(value), as_fraction(operand)
    if (
        left is not None
        and right is not None
        and not (isinstance(value, str) and isinstance(operand, str))
    ):
        return left == right
    return str(value) == str(operand)


# -- compilation ------------------------------------------------------------------------------
class Compiler:
    """Turns a round-trip YAML ``match`` node into a Condition, reporting problems by line."""

    def __init__(self, problems: Problems, params: Mapping[str, Any]) -> None:
        self.problems = problems
        self.params = params

    def condition(self, node: Any, line: int | None) -> Condition | None:
        if not isinstance(node, Mapping):
            self.problems.error(line, f"a match condition must be a mapping, got {type_name(node)}")
            return None
        line = node_line(node) or line
        heads = [k for k in node if str(k) in (*COMBINATORS, "field")]
        if len(heads) != 1:
            found = ", ".join(map(str, node)) or "nothing"
            self.problems.error(
                line,
                f"a match condition needs exactly one of all, any, not or field (found: {found})",
            )
            return None
        head = str(heads[0])
        if head == "field":
            return self.field_tests(node, line)
        extra = [k for k in node if k != heads[0]]
        if extra:
            self.problems.error(
                key_line(node, extra[0]), f"unexpected key {str(extra[0])!r} beside {head!r}"
            )
        if head == "not":
            inner = self.condition(node[heads[0]], key_line(node, heads[0]))
            return Not(inner) if inner is not None else None
        return self.combination(head, node[heads[0]], key_line(node, heads[0]))

    def combination(self, head: str, items: Any, line: int | None) -> Condition | None:
        if not isinstance(items, list) or not items:
            self.problems.error(line, f"{head!r} needs a non-empty list of conditions")
            return None
        parts = [self.condition(item, item_line(items, i)) for i, item in enumerate(items)]
        if any(part is None for part in parts):
            return None
        compiled = tuple(p for p in parts if p is not None)
        return AllOf(compiled) if head == "all" else AnyOf(compiled)

    def field_tests(self, node: Mapping[Any, Any], line: int | None) -> Condition | None:
        name = node["field"]
        if not isinstance(name, str) or field_kind(name) is None:
            hint = did_you_mean(str(name), [*FIELDS, "tags.<name>"])
            self.problems.error(key_line(node, "field"), f"unknown field {name!r}{hint}")
            return None
        operators = [k for k in node if k != "field"]
        if not operators:
            self.problems.error(line, f"field {name!r} needs an operator: {', '.join(OPERATORS)}")
            return None
        tests = [self.field_test(name, str(op), node[op], key_line(node, op)) for op in operators]
        if any(test is None for test in tests):
            return None
        compiled = tuple(t for t in tests if t is not None)
        return compiled[0] if len(compiled) == 1 else AllOf(compiled)

    def field_test(
        self, name: str, operator: str, operand: Any, line: int | None
    ) -> FieldTest | None:
        if operator not in OPERATORS:
            self.problems.error(
                line, f"unknown operator {operator!r}{did_you_mean(operator, OPERATORS)}"
            )
            return None
        if isinstance(operand, Mapping):
            return self.param_operand(name, operator, operand, line)
        value = self.check_operand(name, operator, plain(operand), line)
        return None if value is _INVALID else FieldTest(name, operator, value, line)

    def param_operand(
        self, name: str, operator: str, operand: Mapping[Any, Any], line: int | None
    ) -> FieldTest | None:
        if list(operand) != ["param"] or not isinstance(operand["param"], str):
            self.problems.error(line, f"{operator}: a mapping operand must be {{param: NAME}}")
            return None
        param = str(operand["param"])
        if param not in self.params:
            hint = did_you_mean(param, list(self.params))
            self.problems.error(line, f"{operator}: the rule has no parameter {param!r}{hint}")
            return None
        if (
            self.check_operand(name, operator, plain(self.params[param]), line, nullable=True)
            is _INVALID
        ):
            return None
        return FieldTest(name, operator, Param(param), line)

    def check_operand(
        self, name: str, operator: str, value: Any, line: int | None, nullable: bool = False
    ) -> Any:
        """The operand if it suits the operator and the field's kind, else _INVALID (reported)."""
        kind = field_kind(name)
        problem = _operand_problem(kind, operator, value, nullable)
        if problem:
            self.problems.error(line, f"{operator} on {name!r}: {problem}")
            return _INVALID
        if operator == "regex" and value is not None:
            from kmslint.linear_regex import RegexError, compile_pattern

            try:
                compile_pattern(str(value))
            except RegexError as exc:
                self.problems.error(line, f"regex on {name!r}: {exc}")
                return _INVALID
            return str(value)
        return value


_INVALID = object()
_SCALARS = (str, int, float, bool)


def _operand_problem(kind: str | None, operator: str, value: Any, nullable: bool) -> str | None:
    if value is None and nullable:
        return None
    if operator == "exists":
        return (
            None if isinstance(value, bool) else f"expected true or false, got {type_name(value)}"
        )
    if kind == MAPPING:
        return "the tags mapping can only be tested with exists; use tags.<name> for one tag"
    if operator in ("in", "not_in"):
        if not isinstance(value, list) or not all(isinstance(v, _SCALARS) for v in value):
            return f"expected a list of values, got {type_name(value)}"
        return None
    if operator in ORDERING:
        if kind not in NUMERIC_KINDS:
            return f"{kind} fields cannot be compared with {operator}"
        return (
            None
            if as_fraction(value) is not None and not isinstance(value, str)
            else f"expected a number, got {type_name(value)}"
        )
    if operator == "regex":
        if kind != STRING:
            return f"regex applies to text fields, not {kind} fields"
        return None if isinstance(value, str) else f"expected a string, got {type_name(value)}"
    return (
        None if isinstance(value, _SCALARS) else f"expected a single value, got {type_name(value)}"
    )


def compile_match(
    node: Any, line: int | None, problems: Problems, params: Mapping[str, Any]
) -> Condition | None:
    """Compile a ``match`` node; problems go to ``problems`` (None when it is invalid)."""
    return Compiler(problems, params).condition(node, line)
