"""Evaluating template values: ``Ref``, ``Fn::GetAtt``, ``Fn::If``, ``Fn::FindInMap``, ``Fn::Sub``,
the condition functions and the computing functions of :mod:`kmslint.ros.builtins`.

Anything that cannot be known before the stack exists becomes :class:`Unknown` with a reason;
a reference to a template resource becomes :class:`RosRef` (a list of them for a resource with
``Count``). ``ALIYUN::NoValue`` removes the mapping entry or list item it is written in.
Functions kmslint does not evaluate give an Unknown that names the function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from kmslint.budget import BudgetExceeded, check_value
from kmslint.errors import Diagnostic, InputError
from kmslint.ros.builtins import PURE, FunctionError, NeedsKnown, text
from kmslint.ros.template import Template
from kmslint.ros.values import NO_VALUE, Unknown, type_name

REGION = "ALIYUN::Region"
NO_VALUE_NAME = "ALIYUN::NoValue"
INDEX = "ALIYUN::Index"
PSEUDO_PARAMETERS = (
    REGION, NO_VALUE_NAME, INDEX, "ALIYUN::AccountId", "ALIYUN::StackName", "ALIYUN::StackId",
    "ALIYUN::TenantId", "ALIYUN::ResourceGroupId",
)  # fmt: skip
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class Scope:
    """Where a value is evaluated: ``index`` is ``ALIYUN::Index`` inside a copy made by Count."""

    index: int | None = None


ROOT = Scope()


class ResourceLookup(Protocol):
    """What ``Ref``/``Fn::GetAtt`` need to know about the template's resources."""

    def __contains__(self, logical_id: object) -> bool: ...

    def reference(self, logical_id: str, attribute: str) -> Any: ...


class ConditionLookup(Protocol):
    def __contains__(self, name: object) -> bool: ...

    def value(self, name: str, line: int) -> Any: ...


def function_call(value: Any) -> tuple[str, Any] | None:
    """``(name, argument)`` when ``value`` is a function call ``{"Fn::X": arg}`` / ``{"Ref": x}``."""
    if isinstance(value, dict) and len(value) == 1:
        ((name, argument),) = value.items()
        if name == "Ref" or (isinstance(name, str) and name.startswith("Fn::")):
            return name, argument
    return None


class Evaluator:
    """Evaluates values of one template for one set of parameters and one region."""

    def __init__(
        self,
        template: Template,
        parameters: dict[str, Any],
        region: str | None,
        resources: ResourceLookup,
    ) -> None:
        self.template = template
        self.parameters = parameters
        self.region = region
        self.resources = resources
        self.conditions: ConditionLookup | None = None
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[tuple[int, str]] = set()
        self.special = {
            "Ref": self.ref,
            "Fn::GetAtt": self.get_att,
            "Fn::If": self.fn_if,
            "Fn::FindInMap": self.find_in_map,
            "Fn::Sub": self.sub,
            "Fn::And": self.fn_and,
            "Fn::Or": self.fn_or,
            "Fn::Not": self.fn_not,
        }

    def warn(self, line: int | None, message: str) -> None:
        marker = (line or 0, message)
        if marker not in self._reported:
            self._reported.add(marker)
            self.diagnostics.append(Diagnostic(self.template.path, line, message, "warning"))

    # -- values ----------------------------------------------------------------------------
    def evaluate(self, value: Any, scope: Scope = ROOT) -> Any:
        """``value`` with every function evaluated; mappings and lists become plain ones."""
        call = function_call(value)
        if call is not None:
            return self.call(call[0], call[1], getattr(value, "line", 0), scope)
        if isinstance(value, dict):
            evaluated = ((key, self.evaluate(item, scope)) for key, item in value.items())
            return {key: item for key, item in evaluated if item is not NO_VALUE}
        if isinstance(value, list):
            return [
                item for item in (self.evaluate(v, scope) for v in value) if item is not NO_VALUE
            ]
        return value

    def call(self, name: str, argument: Any, line: int, scope: Scope) -> Any:
        handler = self.special.get(name)
        if handler is not None:
            return handler(argument, line, scope)
        function = PURE.get(name)
        if function is None:
            return Unknown(f"{name} is not evaluated by kmslint")
        try:
            return check_value(function(self.evaluate(argument, scope)))
        except NeedsKnown as exc:
            return Unknown(f"{name} of an unknown value ({exc.unknown.reason})")
        except FunctionError as exc:
            self.warn(line, f"{name}: {exc}")
            return Unknown(f"{name} could not be evaluated ({exc})")
        except BudgetExceeded as exc:
            raise InputError(self.template.path, line, f"{name}: {exc}") from None

    # -- references ------------------------------------------------------------------------
    def ref(self, argument: Any, line: int, scope: Scope) -> Any:
        name = self.evaluate(argument, scope)
        if not isinstance(name, str):
            self.warn(line, f"Ref needs a name, got {type_name(name)}")
            return Unknown("Ref of a value that is not a name")
        if name in self.parameters:
            return self.parameters[name]
        if name in PSEUDO_PARAMETERS:
            return self.pseudo(name, line, scope)
        if name in self.resources:
            return self.resources.reference(name, "Ref")
        self.warn(line, f"Ref {name}: no parameter, pseudo parameter or resource has this name")
        return Unknown(f"Ref to undeclared {name}")

    def pseudo(self, name: str, line: int, scope: Scope) -> Any:
        if name == NO_VALUE_NAME:
            return NO_VALUE
        if name == INDEX:
            if scope.index is None:
                self.warn(line, f"{INDEX} is only set inside a resource with Count")
                return Unknown(f"{INDEX} outside a resource with Count")
            return scope.index
        if name == REGION and self.region:
            return self.region
        return Unknown(f"{name} is not given (it is known only when the stack is created)")

    def get_att(self, argument: Any, line: int, scope: Scope) -> Any:
        parts = self.evaluate(argument, scope)
        if (
            not isinstance(parts, list)
            or len(parts) != 2
            or not all(isinstance(p, str) for p in parts)
        ):
            self.warn(line, "Fn::GetAtt needs [ResourceName, AttributeName]")
            return Unknown("Fn::GetAtt with a malformed argument")
        logical_id, attribute = parts
        if logical_id not in self.resources:
            self.warn(line, f"Fn::GetAtt {logical_id}.{attribute}: no resource has this name")
            return Unknown(f"Fn::GetAtt of undeclared {logical_id}")
        return self.resources.reference(logical_id, attribute)

    def find_in_map(self, argument: Any, line: int, scope: Scope) -> Any:
        try:
            map_name, top, second = (text(v) for v in self.evaluate(argument, scope)[:3])
        except NeedsKnown as exc:
            return Unknown(f"Fn::FindInMap with an unknown key ({exc.unknown.reason})")
        except (FunctionError, TypeError, ValueError):
            self.warn(line, "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]")
            return Unknown("Fn::FindInMap with a malformed argument")
        table = self.template.mappings.get(map_name)
        if not isinstance(table, dict):
            self.warn(line, f"Fn::FindInMap: Mappings has no map {map_name!r}")
            return Unknown(f"no mapping {map_name}")
        entry = table.get(top)
        if not isinstance(entry, dict) or second not in entry:
            self.warn(line, f"Fn::FindInMap: map {map_name!r} has no entry [{top!r}][{second!r}]")
            return Unknown(f"no entry {top}.{second} in mapping {map_name}")
        return self.evaluate(entry[second], scope)

    def sub(self, argument: Any, line: int, scope: Scope) -> Any:
        source, variables = argument, {}
        if isinstance(argument, list) and len(argument) == 2:
            source, variables = argument[0], self.evaluate(argument[1], scope)
        source = self.evaluate(source, scope)
        if not isinstance(source, str) or not isinstance(variables, dict):
            self.warn(line, "Fn::Sub needs a string, or [string, {name: value}]")
            return Unknown("Fn::Sub with a malformed argument")
        pieces: list[str] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(source):
            pieces.append(source[position : match.start()])
            position = match.end()
            value = self._sub_variable(match.group(1), variables, line, scope)
            try:
                pieces.append(text(value))
            except NeedsKnown as exc:
                return Unknown(f"Fn::Sub of an unknown value ({exc.unknown.reason})")
            except FunctionError as exc:
                self.warn(line, f"Fn::Sub: ${{{match.group(1)}}}: {exc}")
                return Unknown("Fn::Sub of a value that is not a string")
        return "".join(pieces) + source[position:]

    def _sub_variable(self, name: str, variables: dict[str, Any], line: int, scope: Scope) -> Any:
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            return variables[name]
        if "." in name and name.split(".", 1)[0] in self.resources:
            return self.get_att(name.split(".", 1), line, scope)
        return self.ref(name, line, scope)

    # -- conditions --------------------------------------------------------------------------
    def condition(self, operand: Any, line: int, scope: Scope) -> Any:
        """A condition operand: the name of a condition, or a condition function."""
        if isinstance(operand, str) and self.conditions is not None and operand in self.conditions:
            return self.conditions.value(operand, line)
        value = self.evaluate(operand, scope)
        if isinstance(value, (bool, Unknown)):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.warn(line, f"{value!r} is neither a condition name nor a true/false value")
        return Unknown("a condition that is not true or false")

    def fn_if(self, argument: Any, line: int, scope: Scope) -> Any:
        if not isinstance(argument, list) or len(argument) != 3:
            self.warn(line, "Fn::If needs [ConditionName, ValueIfTrue, ValueIfFalse]")
            return Unknown("Fn::If with a malformed argument")
        chosen = self.condition(argument[0], line, scope)
        if isinstance(chosen, Unknown):
            return Unknown(f"Fn::If on an unknown condition ({chosen.reason})")
        return self.evaluate(argument[1] if chosen else argument[2], scope)

    def _operands(self, argument: Any, line: int, scope: Scope) -> list[Any]:
        operands = argument if isinstance(argument, list) else [argument]
        return [
            self.condition(operand, getattr(argument, "line", line), scope) for operand in operands
        ]

    def fn_and(self, argument: Any, line: int, scope: Scope) -> Any:
        values = self._operands(argument, line, scope)
        if any(v is False for v in values):
            return False
        unknown = next((v for v in values if isinstance(v, Unknown)), None)
        return Unknown(f"Fn::And of an unknown condition ({unknown.reason})") if unknown else True

    def fn_or(self, argument: Any, line: int, scope: Scope) -> Any:
        values = self._operands(argument, line, scope)
        if any(v is True for v in values):
            return True
        unknown = next((v for v in values if isinstance(v, Unknown)), None)
        return Unknown(f"Fn::Or of an unknown condition ({unknown.reason})") if unknown else False

    def fn_not(self, argument: Any, line: int, scope: Scope) -> Any:
        values = self._operands(argument, line, scope)
        if len(values) != 1:
            self.warn(line, "Fn::Not needs exactly one condition")
            return Unknown("Fn::Not with a malformed argument")
        return values[0] if isinstance(values[0], Unknown) else not values[0]
