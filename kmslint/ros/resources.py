"""The template's resources: creation conditions, ``Count`` expansion, evaluated properties.

A resource ``A`` with ``Count: N`` becomes ``A[0]`` … ``A[N-1]`` with ``ALIYUN::Index`` set to
the copy's number; ``Ref``/``Fn::GetAtt`` of ``A`` is then the list of the copies' references.
A stack holds at most 300 resources after expansion; a Count that is not a whole number, or
that takes the template past the limit, stops it with an error at the Count's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kmslint.errors import Diagnostic, InputError
from kmslint.model import SourceRange, Unresolved
from kmslint.ros.conditions import Conditions
from kmslint.ros.functions import ROOT, Evaluator, Scope
from kmslint.ros.template import Template
from kmslint.ros.values import NO_VALUE, LMap, RosRef, Unknown, type_name

MAX_RESOURCES = 300


@dataclass
class CountValue:
    """How many copies ``Count`` makes: None without Count; ``assumed`` says why when guessed."""

    copies: int | None
    line: int
    assumed: str | None = None


@dataclass
class ResourceInstance:
    """One resource of the stack (one copy, for Count) with its evaluated properties.

    ``properties`` holds evaluated values: plain data, :class:`Unknown`, or :class:`RosRef`
    (or a list of them) where the property names another resource, so that a consumer such as
    ``ALIYUN::ECS::Disk`` can tell which key its ``KMSKeyId`` is.
    """

    logical_id: str
    address: str
    type: str
    index: int | None
    source: SourceRange
    declaration: LMap
    properties: dict[str, Any] = field(default_factory=dict)
    property_lines: dict[str, int] = field(default_factory=dict)
    deletion_policy: Any = None
    assumptions: list[Unresolved] = field(default_factory=list)

    def line_of(self, name: str) -> int:
        """Line of a top-level key of the resource (``Properties``, ``Count``…) or of a property."""
        return self.property_lines.get(name, self.declaration.key_lines.get(name, self.source.line))


class ResourceTable:
    """Answers ``Ref``/``Fn::GetAtt`` about resources and expands them into instances."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.evaluator: Evaluator | None = None
        self.conditions: Conditions | None = None
        self.diagnostics: list[Diagnostic] = []
        self._counts: dict[str, CountValue] = {}
        self._counting: set[str] = set()

    def bind(self, evaluator: Evaluator, conditions: Conditions) -> None:
        self.evaluator, self.conditions = evaluator, conditions

    def __contains__(self, logical_id: object) -> bool:
        return logical_id in self.template.resources

    def declaration(self, logical_id: str) -> LMap | None:
        declaration = self.template.resources.get(logical_id)
        return declaration if isinstance(declaration, LMap) else None

    # -- creation and Count --------------------------------------------------------------------
    def created(self, logical_id: str) -> Any:
        """True, False (its Condition is false) or Unknown."""
        declaration = self.declaration(logical_id)
        if declaration is None or "Condition" not in declaration:
            return True
        name = declaration["Condition"]
        line = declaration.key_line("Condition")
        if not isinstance(name, str):
            assert self.evaluator is not None
            self.evaluator.warn(
                line,
                f"the Condition of {logical_id} must be a condition name, got {type_name(name)}",
            )
            return Unknown(f"the Condition of {logical_id} is malformed")
        assert self.conditions is not None
        return self.conditions.value(name, line)

    def count(self, logical_id: str) -> CountValue:
        if logical_id not in self._counts:
            if logical_id in self._counting:
                declaration = self.declaration(logical_id)
                line = declaration.key_line("Count") if declaration is not None else None
                raise InputError(
                    self.template.path,
                    line,
                    f"the Count of {logical_id} depends on {logical_id} itself",
                )
            self._counting.add(logical_id)
            try:
                self._counts[logical_id] = self._count(logical_id)
            finally:
                self._counting.discard(logical_id)
        return self._counts[logical_id]

    def _count(self, logical_id: str) -> CountValue:
        declaration = self.declaration(logical_id)
        if declaration is None or "Count" not in declaration:
            return CountValue(None, 0)
        line = declaration.key_line("Count")
        assert self.evaluator is not None
        value = self.evaluator.evaluate(declaration["Count"], ROOT)
        if isinstance(value, Unknown):
            return CountValue(1, line, f"1 (Count of {logical_id} is unknown: {value.reason})")
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            shown = (
                str(value)
                if isinstance(value, (int, Decimal))
                else type_name(value)
                if value is None
                else f"{type_name(value)} {value!r}"
            )
            raise InputError(
                self.template.path,
                line,
                f"Count of {logical_id} must be a whole number 0..{MAX_RESOURCES}, got {shown}",
            )
        if value > MAX_RESOURCES:
            raise InputError(
                self.template.path,
                line,
                f"Count of {logical_id} is {value}: ROS allows at most {MAX_RESOURCES} resources in a stack",
            )
        return CountValue(value, line)

    def reference(self, logical_id: str, attribute: str) -> Any:
        """What ``Ref``/``Fn::GetAtt`` of the resource gives: a RosRef, a list of them, or Unknown."""
        created = self.created(logical_id)
        if created is False:
            return Unknown(f"{logical_id} is not created (its Condition is false)")
        count = self.count(logical_id)
        what = "the id" if attribute == "Ref" else attribute
        if count.copies is None:
            return RosRef(
                f"{what} of {logical_id} is known only after the stack is created",
                logical_id,
                attribute,
                logical_id,
            )
        return [
            RosRef(
                f"{what} of {logical_id}[{i}] is known only after the stack is created",
                f"{logical_id}[{i}]",
                attribute,
                logical_id,
            )
            for i in range(count.copies)
        ]

    # -- instances -----------------------------------------------------------------------------
    def instances(self, types: set[str] | None = None) -> list[ResourceInstance]:
        """Every created resource copy; properties are evaluated for ``types`` (None: all)."""
        made: list[ResourceInstance] = []
        total = 0
        for logical_id in self.template.resources:
            declaration = self.declaration(logical_id)
            if declaration is None or not isinstance(declaration.get("Type"), str):
                self._malformed(logical_id)
                continue
            created = self.created(logical_id)
            if created is False:
                continue
            count = self.count(logical_id)
            total += 1 if count.copies is None else count.copies
            if total > MAX_RESOURCES:
                line = count.line or self.template.resources.key_line(logical_id)
                message = (
                    f"the template makes more than {MAX_RESOURCES} resources after Count expansion "
                    f"(ROS allows at most {MAX_RESOURCES}); {logical_id} passes the limit"
                )
                raise InputError(self.template.path, line, message)
            evaluate = types is None or declaration["Type"] in types
            made.extend(self._copies(logical_id, declaration, count, created, evaluate))
        return made

    def _malformed(self, logical_id: str) -> None:
        line = self.template.resources.key_line(logical_id)
        assert self.evaluator is not None
        self.evaluator.warn(line, f"resource {logical_id} must be a mapping with a Type")

    def _copies(
        self, logical_id: str, declaration: LMap, count: CountValue, created: Any, evaluate: bool
    ) -> list[ResourceInstance]:
        indices: list[int | None] = [None] if count.copies is None else list(range(count.copies))
        copies = []
        for index in indices:
            address = logical_id if index is None else f"{logical_id}[{index}]"
            line = self.template.resources.key_line(logical_id)
            instance = ResourceInstance(
                logical_id,
                address,
                declaration["Type"],
                index,
                SourceRange(self.template.path, line, declaration.end_line),
                declaration,
            )
            if count.assumed:
                instance.assumptions.append(Unresolved("count", count.assumed, count.line))
            if isinstance(created, Unknown):
                instance.assumptions.append(
                    Unresolved(
                        "condition",
                        f"the resource is created ({created.reason})",
                        declaration.key_line("Condition"),
                    )
                )
            if evaluate:
                self._evaluate(instance, Scope(index))
            copies.append(instance)
        return copies

    def _evaluate(self, instance: ResourceInstance, scope: Scope) -> None:
        assert self.evaluator is not None
        properties = instance.declaration.get("Properties")
        if isinstance(properties, LMap):
            for name, raw in properties.items():
                value = self.evaluator.evaluate(raw, scope)
                if value is not NO_VALUE and value is not None:  # both leave the property unset
                    instance.properties[name] = value
                    instance.property_lines[name] = properties.key_line(name)
        elif properties is not None:
            self.evaluator.warn(
                instance.declaration.key_line("Properties"),
                f"Properties of {instance.logical_id} must be a mapping",
            )
        if "DeletionPolicy" in instance.declaration:
            instance.deletion_policy = self.evaluator.evaluate(
                instance.declaration["DeletionPolicy"], scope
            )
