"""The evaluation budget: every template ends in bounded time and memory (SECURITY.md).

One :class:`Budget` is shared by everything evaluated for one root module or template: the
number of evaluation steps, the total number of resource and module instances, and the size
of any single value (string length, list or map elements). Numbers are checked for magnitude
before anything turns them into an ``int`` or prints them in full, and ``format`` widths are
capped. Exceeding a limit is :class:`BudgetExceeded`, which the loaders report as an error at
the line being evaluated, never as a crash or a hang.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MAX_STRING_CHARS = 1_000_000
MAX_ELEMENTS = 100_000
MAX_STEPS = 2_000_000
MAX_TOTAL_INSTANCES = 10_000
MAX_EXPONENT = 30  # |number| < 10**31: more than any count, price or interval can need
MAX_FORMAT_WIDTH = 1_000
MAX_REGEX_CHARS = 1_000
MAX_REGEX_SUBJECT_CHARS = 100_000


class BudgetExceeded(ValueError):
    """A value, the step count or the instance count went past its limit."""


def check_number(number: int | Decimal) -> None:
    """Refuse numbers too large to be sane before ``int()`` or full printing can blow up."""
    if isinstance(number, Decimal):
        if number.is_finite() and number != 0 and number.adjusted() > MAX_EXPONENT:
            raise BudgetExceeded(
                f"the number {number:.3e} is beyond kmslint's limit of 1e{MAX_EXPONENT}"
            )
    elif abs(number) >= 10 ** (MAX_EXPONENT + 1):
        raise BudgetExceeded(
            f"a number of {len(str(abs(number)))} digits is beyond kmslint's limit"
        )


def check_value(value: Any) -> Any:
    """``value`` itself, when it is within the size limits."""
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise BudgetExceeded(
                f"a string of {len(value):,} characters exceeds the limit of {MAX_STRING_CHARS:,}"
            )
    elif isinstance(value, (list, dict)) and len(value) > MAX_ELEMENTS:
        raise BudgetExceeded(
            f"a collection of {len(value):,} elements exceeds the limit of {MAX_ELEMENTS:,}"
        )
    return value


def check_width(width: int, what: str = "format") -> None:
    if width > MAX_FORMAT_WIDTH:
        raise BudgetExceeded(f"{what}: a width or precision of {width} exceeds {MAX_FORMAT_WIDTH}")


@dataclass
class Budget:
    """Steps and instances used so far by one root module or template."""

    steps: int = 0
    instances: int = 0
    max_steps: int = MAX_STEPS
    max_instances: int = MAX_TOTAL_INSTANCES

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise BudgetExceeded(
                f"evaluation took more than {self.max_steps:,} steps (the evaluation budget)"
            )

    def add_instances(self, count: int) -> None:
        self.instances += count
        if self.instances > self.max_instances:
            raise BudgetExceeded(
                f"more than {self.max_instances:,} resource and module instances in total "
                "(the evaluation budget)"
            )
