"""A rule definition as read from its YAML file, and its message templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kmslint.policy.fields import display, field_kind
from kmslint.policy.match import Condition

SCOPE_CHECK = "check"  # runs in ``kmslint check`` (and diff)
SCOPE_DIFF = "diff"  # compares two states; only ``kmslint diff`` runs it
SCOPES = (SCOPE_CHECK, SCOPE_DIFF)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.-]*)\}")
PARAMS_PREFIX = "params."


def dump_yaml(node: Any) -> str:
    """YAML text of a (round-trip) node, for documentation."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = StringIO()
    yaml.dump(node, stream)
    return stream.getvalue().rstrip("\n")


@dataclass(frozen=True)
class Rule:
    """One rule: metadata, defaults, and either a built-in check or a declarative match."""

    id: str
    name: str
    severity: str
    summary: str
    source: str
    builtin: bool
    enabled: bool = True
    rationale: str = ""
    remediation: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    check: str | None = None
    match: Condition | None = None
    match_node: Any = field(default=None, compare=False, repr=False)  # the ``match:`` as read
    message: str | None = None
    at: str | None = None
    scope: str = SCOPE_CHECK
    example_fires: str = ""
    example_passes: str = ""
    example_config: str = ""
    example_usage: str = ""
    example_fires_usage: str = ""  # a usage file the firing example needs (KMS018: peak_qps)
    link: str = ""

    @property
    def match_text(self) -> str:
        """The ``match:`` condition as YAML text, for the rule's documentation (made on demand:
        the YAML writer is not imported by a run that only checks)."""
        return "" if self.match_node is None else dump_yaml({"match": self.match_node})

    @property
    def kind(self) -> str:
        return f"built-in check {self.check}" if self.check else "declarative match"


def template_problem(template: str, params: Mapping[str, Any]) -> str | None:
    """Why a message template is invalid (an unknown placeholder), or None."""
    for name in PLACEHOLDER.findall(template):
        if name.startswith(PARAMS_PREFIX):
            if name[len(PARAMS_PREFIX) :] not in params:
                return f"message placeholder {{{name}}}: the rule has no such parameter"
        elif field_kind(name) is None:
            return f"message placeholder {{{name}}} is not a key field"
    return None


def render_message(template: str, fields: Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """Fill ``{field}`` / ``{tags.x}`` / ``{params.x}`` placeholders (money shown as ``$1.98``)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith(PARAMS_PREFIX):
            value = params.get(name[len(PARAMS_PREFIX) :])
            return "unset" if value is None else str(value)
        if name.startswith("tags."):
            return display(name, (fields.get("tags") or {}).get(name[5:]))
        return display(name, fields.get(name))

    return PLACEHOLDER.sub(replace, template)
