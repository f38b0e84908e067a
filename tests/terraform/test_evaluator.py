"""Expressions and functions evaluate as Terraform evaluates them; the rest is unknown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kmslint.terraform.evaluator import EvalError, Evaluator
from kmslint.terraform.parse import parse_expression
from kmslint.terraform.values import Unknown

VARS = {
    "name": "app",
    "n": 3,
    "on": True,
    "m": {"b": {"p": "HSM"}, "a": {"p": "SOFTWARE"}},
    "l": ["x", "y", ""],
    "objs": [{"id": "k1"}, {"id": "k2"}],
}


class _Var:
    def get_attribute(self, name: str, line: int) -> Any:
        return VARS.get(name, Unknown(f"var.{name} has no value"))


def evaluate(text: str) -> Any:
    evaluator = Evaluator(lambda name, line: _Var() if name == "var" else Unknown(name))
    return evaluator.eval(parse_expression(text))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"${var.name}-key"', "app-key"),
        ('"${var.n * 30}d"', "90d"),
        ('"${1.50}|${0.10}|${6 / 4}|${9 / 3}"', "1.5|0.1|1.5|3"),
        ('"v${12345678901234567890.123456789012345}"', "v12345678901234567890.123456789012345"),
        ('"%{ if var.on }on%{ else }off%{ endif }"', "on"),
        ('"%{ for x in var.l }[${x}]%{ endfor }"', "[x][y][]"),
        ("var.n * 2 + 1", 7),
        ("var.n / 2", Decimal("1.5")),
        ("var.n % 2 == 1 && !false", True),
        ('var.n > 2 ? "big" : "small"', "big"),
        ('var.on ? var.n == 3 ? "HSM" : "SOFTWARE" : "none"', "HSM"),
        ('1 == "1"', False),
        ('[for k, v in var.m : v.p if k != "a"]', ["HSM"]),
        ("{for k, v in var.m : v.p => k...}", {"HSM": ["b"], "SOFTWARE": ["a"]}),
        ("var.objs[*].id", ["k1", "k2"]),
        ("var.objs.*.id", ["k1", "k2"]),
        ('var.m["b"].p', "HSM"),
        ('lookup(var.m, "c", {p = "default"}).p', "default"),
        ("merge({a = 1}, {b = 2}, {a = 3})", {"a": 3, "b": 2}),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ("length(var.l)", 3),
        ("element(var.l, 4)", "y"),
        ('coalesce("", "x")', "x"),
        ('try(var.m.c.p, "fallback")', "fallback"),
        ("can(var.l[10])", False),
        ('contains(var.l, "y")', True),
        ("keys(var.m)", ["a", "b"]),
        ("values({b = 2, a = 1})", [1, 2]),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('tonumber("42")', 42),
        ("tostring(5)", "5"),
        ('tobool("true")', True),
        ('format("%s-%03d", "key", 7)', "key-007"),
        ('join(",", ["a", "b"])', "a,b"),
        ('split(",", "a,b")', ["a", "b"]),
        ('lower("HSM")', "hsm"),
        ('upper("hsm")', "HSM"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('trimspace("  x ")', "x"),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("flatten([[1], [2, [3]]])", [1, 2, 3]),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ("jsonencode({a = 1})", '{"a":1}'),
        ('jsondecode("{\\"a\\": [1, 2]}").a', [1, 2]),
        ("range(3)", [0, 1, 2]),
        ('tolist(toset(["a"]))', ["a"]),
        ('tomap({a = "b"})', {"a": "b"}),
        ("-var.n", -3),
    ],
)
def test_expression(expression: str, expected: Any) -> None:
    assert evaluate(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "var.missing",
        "timestamp()",
        "var.missing ? 1 : 0",
        '"${var.missing}-x"',
        "upper(var.missing)",
    ],
)
def test_what_cannot_be_known_is_unknown(expression: str) -> None:
    assert isinstance(evaluate(expression), Unknown)


def test_unknown_does_not_poison_short_circuit_logic() -> None:
    assert evaluate("false && var.missing") is False
    assert evaluate("true || var.missing") is True


def test_runtime_errors_carry_the_line() -> None:
    with pytest.raises(EvalError) as raised:
        evaluate("var.l[7]")
    assert "out of range" in raised.value.message
