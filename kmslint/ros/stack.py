"""One template evaluated for one set of parameter values and one region: a would-be stack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kmslint.errors import Diagnostic
from kmslint.ros.conditions import Conditions
from kmslint.ros.functions import INDEX, NO_VALUE_NAME, PSEUDO_PARAMETERS, REGION, Evaluator
from kmslint.ros.parameters import resolve_parameters
from kmslint.ros.resources import ResourceInstance, ResourceTable
from kmslint.ros.template import Template

# Pseudo parameters a user may pin with --parameter (the others are fixed by ROS itself).
SETTABLE_PSEUDO = tuple(p for p in PSEUDO_PARAMETERS if p not in (REGION, NO_VALUE_NAME, INDEX))


class Stack:
    """Parameters, conditions and resources of ``template``, evaluated lazily."""

    def __init__(
        self, template: Template, parameters: Mapping[str, Any], region: str | None
    ) -> None:
        self.template = template
        resolved = resolve_parameters(template, parameters)
        self.parameter_diagnostics = resolved.diagnostics
        values = dict(resolved.values)
        values.update(
            {name: str(parameters[name]) for name in SETTABLE_PSEUDO if name in parameters}
        )
        self.parameters = resolved.values
        self.table = ResourceTable(template)
        self.evaluator = Evaluator(template, values, region, self.table)
        self.conditions = Conditions(template, self.evaluator)
        self.table.bind(self.evaluator, self.conditions)

    def resources(self, types: set[str] | None = None) -> list[ResourceInstance]:
        """Every created resource copy; properties evaluated for ``types`` (None: every type)."""
        self.conditions.evaluate_all()
        return self.table.instances(types)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [*self.parameter_diagnostics, *self.evaluator.diagnostics]
