"""The template's ``Conditions``: each evaluated once, on demand, with cycles refused.

A condition is ``Fn::Equals``/``Fn::And``/``Fn::Or``/``Fn::Not`` over parameters, mappings and
other conditions (named by a plain string). Its value is True, False or Unknown (when it depends
on a parameter without a value). A condition that names itself, directly or through others,
stops the template with an error at the line of the condition that closes the cycle.
"""

from __future__ import annotations

from typing import Any

from kmslint.errors import InputError
from kmslint.ros.functions import ROOT, Evaluator
from kmslint.ros.template import Template
from kmslint.ros.values import Unknown


class Conditions:
    """Condition values of one template, computed lazily through an :class:`Evaluator`."""

    def __init__(self, template: Template, evaluator: Evaluator) -> None:
        self.template = template
        self.evaluator = evaluator
        self.values: dict[str, Any] = {}
        self.active: list[str] = []
        evaluator.conditions = self

    def __contains__(self, name: object) -> bool:
        return name in self.template.conditions

    def value(self, name: str, line: int) -> Any:
        """True, False or Unknown; a warning (and Unknown) for a name that is not declared."""
        if name not in self.template.conditions:
            self.evaluator.warn(line, f"no condition named {name!r} in Conditions")
            return Unknown(f"undeclared condition {name}")
        if name in self.values:
            return self.values[name]
        if name in self.active:
            raise InputError(
                self.template.path, self.template.conditions.key_line(name), self._cycle(name)
            )
        self.active.append(name)
        try:
            result = self.evaluator.condition(
                self.template.conditions[name], self.template.conditions.key_line(name), ROOT
            )
        finally:
            self.active.pop()
        if isinstance(result, Unknown):
            result = Unknown(f"condition {name} is unknown ({result.reason})")
        self.values[name] = result
        return result

    def _cycle(self, name: str) -> str:
        chain = [*self.active[self.active.index(name) :], name]
        if len(chain) == 2:
            return f"condition {name} refers to itself"
        return f"conditions refer to each other in a cycle: {' -> '.join(chain)}"

    def evaluate_all(self) -> None:
        """Evaluate every condition, so that cycles are found even in unused conditions."""
        for name in self.template.conditions:
            self.value(name, self.template.conditions.key_line(name))
