"""``kmslint check --show-config``: the merged configuration and where each value came from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kmslint.config import Setting
from kmslint.findings import DOCS_BASE
from kmslint.policy.settings import BUDGET_RULE, Policy

PLAIN = re.compile(r"^[A-Za-z0-9_./][A-Za-z0-9_./:-]*$")
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "~"}
COLUMN = 44


def scalar(value: Any) -> str:
    """A value as YAML flow text: ``true``, ``null``, ``90``, ``error``, ``[a, b]``."""
    if isinstance(value, Path):
        value = str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    return (
        text
        if PLAIN.match(text) and text.lower() not in RESERVED
        else json.dumps(text, ensure_ascii=False)
    )


def _line(indent: int, name: str, setting: Setting) -> str:
    text = f"{'  ' * indent}{name}: {scalar(setting.value)}"
    return f"{text.ljust(COLUMN)} # {setting.origin}"


def render_config(policy: Policy) -> str:
    """The merged configuration as commented YAML."""
    lines = [
        "# kmslint: merged configuration; the origin of each value is on the right",
        f"config_file: {scalar(policy.config_path)}",
        _line(0, "fail_on", policy.fail_on),
        _line(0, "usage_file", policy.usage_file),
        _line(0, "baseline", policy.baseline),
        _line(
            0, "link_base", Setting(policy.link_base.value or DOCS_BASE, policy.link_base.origin)
        ),
    ]
    if policy.rules_dirs:
        lines.append("rules_dir:")
        lines += [
            f"  - {scalar(s.value)}".ljust(COLUMN) + f" # {s.origin}" for s in policy.rules_dirs
        ]
    else:
        lines.append("rules_dir: []".ljust(COLUMN) + " # default")
    budget = policy.rules.get(BUDGET_RULE)
    if budget is not None:
        lines.append("budget:")
        lines += [_line(1, name, setting) for name, setting in budget.params.items()]
    lines.append("rules:")
    for rule_id, resolved in policy.rules.items():
        rule = resolved.rule
        lines.append(f"  {rule_id}:".ljust(COLUMN) + f" # {rule.name} ({rule.source})")
        lines += [
            _line(2, "enabled", resolved.enabled),
            _line(2, "severity", resolved.severity),
            _line(2, "ignorable", resolved.ignorable),
        ]
        if resolved.params:
            lines.append("    params:")
            lines += [_line(3, name, setting) for name, setting in resolved.params.items()]
    return "\n".join(lines) + "\n"
