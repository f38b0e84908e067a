"""The effective policy: the rule catalogue merged with ``.kmslint.yaml`` and command-line options."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kmslint.config import DEFAULT, Config, Origin, RuleConfig, Setting
from kmslint.errors import Diagnostic, DiagnosticsError
from kmslint.findings import rule_id_hint
from kmslint.policy.catalogue import Catalogue, load_catalogue
from kmslint.policy.context import Location
from kmslint.policy.rule import Rule
from kmslint.yamlsafe import did_you_mean, type_name

DEFAULT_FAIL_ON = "error"
BUDGET_RULE = "KMS001"
DEFAULT_LINK_BASE = Setting(None, DEFAULT)


@dataclass
class ResolvedRule:
    """One rule with its effective settings, each with its origin."""

    rule: Rule
    enabled: Setting
    severity: Setting
    ignorable: Setting
    params: dict[str, Setting]

    @property
    def param_values(self) -> dict[str, Any]:
        return {name: setting.value for name, setting in self.params.items()}

    @property
    def param_locations(self) -> dict[str, Location]:
        return {
            name: Location(s.origin.file, s.origin.line)
            for name, s in self.params.items()
            if s.origin.file
        }


@dataclass
class Overrides:
    """Command-line options that take precedence over the config file."""

    fail_on: str | None = None
    baseline: Path | None = None
    usage_file: Path | None = None
    rules_dirs: list[Path] = field(default_factory=list)


@dataclass
class Policy:
    catalogue: Catalogue
    rules: dict[str, ResolvedRule]
    fail_on: Setting
    usage_file: Setting
    baseline: Setting
    rules_dirs: list[Setting]
    config_path: str | None = None
    link_base: Setting = DEFAULT_LINK_BASE  # where built-in rule links point (None: installed docs)

    def active(self, scope: str) -> Iterator[ResolvedRule]:
        """Enabled rules that run in ``scope`` (``check`` or ``diff``)."""
        return (r for r in self.rules.values() if r.enabled.value and r.rule.scope == scope)

    def ignorable(self, rule_id: str) -> tuple[bool, Origin]:
        resolved = self.rules.get(rule_id)
        if resolved is None:
            return True, DEFAULT
        return bool(resolved.ignorable.value), resolved.ignorable.origin


def _param_problem(name: str, value: Any, default: Any) -> str | None:
    """Why ``value`` cannot replace the default of param ``name`` (types follow the default).

    ``null`` is accepted only where the default is ``null`` (a limit that is off until set).
    """
    if value is None:
        return (
            None
            if default is None
            else f"params.{name} cannot be null (its default is {default!r})"
        )
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if default is None or (isinstance(default, (int, float)) and not isinstance(default, bool)):
        return None if numeric else f"params.{name} must be a number, got {type_name(value)}"
    if isinstance(default, bool):
        return (
            None
            if isinstance(value, bool)
            else f"params.{name} must be true or false, got {type_name(value)}"
        )
    if isinstance(default, list):
        return (
            None
            if isinstance(value, list)
            else f"params.{name} must be a list, got {type_name(value)}"
        )
    if isinstance(default, str):
        return (
            None
            if isinstance(value, str)
            else f"params.{name} must be a string, got {type_name(value)}"
        )
    return None


def _resolve_rule(
    rule: Rule, entry: RuleConfig | None, problems: list[Diagnostic], path: str
) -> ResolvedRule:
    defaults = Origin(label="default")
    resolved = ResolvedRule(
        rule=rule,
        enabled=Setting(rule.enabled, defaults),
        severity=Setting(rule.severity, defaults),
        ignorable=Setting(True, defaults),
        params={name: Setting(value, defaults) for name, value in rule.params.items()},
    )
    if entry is None:
        return resolved
    for attribute in ("enabled", "severity", "ignorable"):
        setting = getattr(entry, attribute)
        if setting is not None:
            setattr(resolved, attribute, setting)
    for name, setting in entry.params.items():
        if name not in rule.params:
            hint = did_you_mean(name, list(rule.params))
            known = f" (it has {', '.join(rule.params)})" if rule.params and not hint else ""
            problems.append(
                Diagnostic(
                    path,
                    setting.origin.line,
                    f"rule {rule.id} has no parameter {name!r}{hint}{known}",
                )
            )
            continue
        problem = _param_problem(name, setting.value, rule.params[name])
        if problem:
            problems.append(Diagnostic(path, setting.origin.line, f"rules.{rule.id}.{problem}"))
            continue
        resolved.params[name] = setting
    return resolved


def build_policy(config: Config, overrides: Overrides | None = None) -> Policy:
    """Load the catalogue (with custom rules) and apply config and options; raises DiagnosticsError."""
    overrides = overrides or Overrides()
    rules_dirs = [
        *config.rules_dirs,
        *(Setting(p, Origin(label="--rules-dir")) for p in overrides.rules_dirs),
    ]
    catalogue = load_catalogue([s.value for s in rules_dirs])
    path = config.path or ".kmslint.yaml"
    problems: list[Diagnostic] = []
    for rule_id, entry in config.rules.items():
        if rule_id not in catalogue.rules:
            hint = rule_id_hint(rule_id, catalogue.rules)
            problems.append(
                Diagnostic(path, entry.line, f"unknown rule {rule_id!r} in rules{hint}")
            )
    rules = {
        rule.id: _resolve_rule(rule, config.rules.get(rule.id), problems, path)
        for rule in catalogue
    }
    if BUDGET_RULE in rules:
        rules[BUDGET_RULE].params.update(config.budget)
    if problems:
        raise DiagnosticsError(problems)
    return Policy(
        catalogue=catalogue,
        rules=rules,
        fail_on=_pick(overrides.fail_on, "--fail-on", config.fail_on, DEFAULT_FAIL_ON),
        usage_file=_pick(overrides.usage_file, "--usage-file", config.usage_file, None),
        baseline=_pick(overrides.baseline, "--baseline", config.baseline, None),
        rules_dirs=rules_dirs,
        config_path=config.path,
        link_base=config.link_base or DEFAULT_LINK_BASE,
    )


def _pick(option: Any, label: str, configured: Setting | None, default: Any) -> Setting:
    if option is not None:
        return Setting(option, Origin(label=label))
    if configured is not None:
        return configured
    return Setting(default, DEFAULT)
