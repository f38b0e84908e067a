"""Load rule definitions: the built-in ``rules/*.yaml`` and users' ``--rules-dir`` files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kmslint.errors import Diagnostic, DiagnosticsError, InputError
from kmslint.findings import SEVERITIES
from kmslint.policy.rule import SCOPES, Rule, template_problem
from kmslint.yamlsafe import (
    Problems,
    did_you_mean,
    key_line,
    plain,
    type_name,
)

BUILTIN_PACKAGE = "kmslint.builtin_rules"
BUILTIN_ID = re.compile(r"^KMS\d{3}$")
CUSTOM_ID = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RULE_SUFFIXES = (".yaml", ".yml")
TEXT_FIELDS = (
    "rationale",
    "remediation",
    "example_fires",
    "example_passes",
    "example_config",
    "example_usage",
    "example_fires_usage",
    "link",
)
BUILTIN_REQUIRED = (
    "id",
    "name",
    "severity",
    "enabled",
    "summary",
    "rationale",
    "remediation",
    "params",
    "example_fires",
    "example_passes",
)
CUSTOM_REQUIRED = ("id", "name", "severity", "summary")
ALLOWED = (
    *BUILTIN_REQUIRED,
    "check",
    "match",
    "message",
    "at",
    "scope",
    "example_config",
    "example_usage",
    "example_fires_usage",
    "link",
)


@dataclass
class Catalogue:
    """All known rules, by id, in id order."""

    rules: dict[str, Rule]

    def find(self, wanted: str) -> Rule | None:
        """A rule by id (any case) or by name."""
        rule = self.rules.get(wanted.upper())
        return rule or next((r for r in self.rules.values() if r.name == wanted), None)

    def __iter__(self) -> Any:
        return iter(self.rules.values())


class _RuleReader:
    """Validates one rule file's mapping and builds the Rule."""

    def __init__(self, data: Mapping[Any, Any], source: str, builtin: bool) -> None:
        self.data, self.source, self.builtin = data, source, builtin
        self.problems = Problems(source)

    def line(self, key: str) -> int | None:
        return key_line(self.data, key) if key in self.data else 1

    def text(self, key: str, required: bool) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problems.error(1, f"missing required key {key!r}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.error(
                self.line(key), f"{key} must be a non-empty string, got {type_name(value)}"
            )
            return ""
        return str(value).strip("\n") if key.startswith("example") else str(value).strip()

    def build(self) -> Rule | None:
        self.problems.unknown_keys(self.data, ALLOWED, "a rule")
        required = BUILTIN_REQUIRED if self.builtin else CUSTOM_REQUIRED
        rule_id = self.rule_id()
        name, severity, summary = (
            self.text("name", True),
            self.text("severity", True),
            self.text("summary", True),
        )
        if name and not NAME.match(name):
            self.problems.error(
                self.line("name"), f"name {name!r} must be lower-case words joined by '-'"
            )
        if severity and severity not in SEVERITIES:
            hint = did_you_mean(severity, SEVERITIES)
            self.problems.error(
                self.line("severity"),
                f"severity must be one of {', '.join(SEVERITIES)}, got {severity!r}{hint}",
            )
        texts = {key: self.text(key, key in required) for key in TEXT_FIELDS}
        params = self.params("params" in required)
        enabled = self.flag("enabled", "enabled" in required)
        scope = self.scope()
        check, match, match_node = self.implementation(params)
        message, at = self.message(params, check), self.text("at", False) or None
        if self.problems.diagnostics:
            return None
        return Rule(
            id=rule_id,
            name=name,
            severity=severity,
            summary=summary,
            source=self.source,
            builtin=self.builtin,
            enabled=enabled,
            params=params,
            check=check,
            match=match,
            match_node=match_node,
            message=message,
            at=at,
            scope=scope,
            **texts,
        )

    def rule_id(self) -> str:
        rule_id = self.text("id", True)
        pattern = BUILTIN_ID if self.builtin else CUSTOM_ID
        if rule_id and not pattern.match(rule_id):
            shape = (
                "KMS and 3 digits"
                if self.builtin
                else "upper-case letters and 3 digits, e.g. ORG001"
            )
            self.problems.error(self.line("id"), f"rule id {rule_id!r} must be {shape}")
        return rule_id

    def flag(self, key: str, required: bool) -> bool:
        value = self.data.get(key, True if not required else None)
        if not isinstance(value, bool):
            self.problems.error(
                self.line(key) if key in self.data else 1,
                f"{key} must be true or false, got {type_name(value)}",
            )
            return True
        return value

    def params(self, required: bool) -> dict[str, Any]:
        value = self.data.get("params", {} if not required else None)
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            self.problems.error(
                self.line("params"), f"params must be a mapping of defaults, got {type_name(value)}"
            )
            return {}
        return {str(k): plain(v) for k, v in value.items()}

    def scope(self) -> str:
        scope = self.data.get("scope", "check")
        if scope not in SCOPES:
            self.problems.error(
                self.line("scope"), f"scope must be one of {', '.join(SCOPES)}, got {scope!r}"
            )
        return str(scope)

    def implementation(self, params: dict[str, Any]) -> tuple[str | None, Any, Any]:
        has_check, has_match = "check" in self.data, "match" in self.data
        if has_check == has_match:
            self.problems.error(
                1,
                "a rule needs exactly one of 'check' (a built-in check) or 'match' (a declarative condition)",
            )
            return None, None, None
        if has_check:
            return self.check_name(params), None, None
        from kmslint.policy.match import compile_match

        node = self.data["match"]
        condition = compile_match(node, self.line("match"), self.problems, params)
        return None, condition, node

    def check_name(self, params: dict[str, Any]) -> str | None:
        from kmslint.policy.registry import CHECKS

        check = self.data["check"]
        if not isinstance(check, str) or check not in CHECKS:
            hint = did_you_mean(str(check), CHECKS)
            self.problems.error(self.line("check"), f"unknown built-in check {check!r}{hint}")
            return None
        missing = [name for name in CHECKS[check].params if name not in params]
        if missing:
            self.problems.error(
                self.line("check"), f"check {check} needs params: {', '.join(missing)}"
            )
        return check

    def message(self, params: dict[str, Any], check: str | None) -> str | None:
        template = self.text("message", False) or None
        if template is None:
            return None
        if "check" in self.data:
            self.problems.error(
                self.line("message"),
                "message applies only to match rules (built-in checks write their own)",
            )
        problem = template_problem(template, params)
        if problem:
            self.problems.error(self.line("message"), problem)
        return template


def parse_rule(text: str, source: str, builtin: bool) -> Rule:
    """Parse one rule file; raises DiagnosticsError (or InputError for bad YAML).

    Built-in rules are trusted package data: they are parsed through the JSON-cached loader
    (no line numbers needed), which keeps ``kmslint check`` fast on every commit. A rule from
    a ``--rules-dir`` is parsed with line numbers, so that its mistakes point at the line."""
    if builtin:
        from kmslint.datafiles import parse_yaml_text

        data = parse_yaml_text(text)
    else:
        from kmslint.yamlsafe import load_round_trip

        data = load_round_trip(text, source)
    if not isinstance(data, Mapping):
        raise DiagnosticsError(
            [Diagnostic(source, 1, f"a rule file must be a mapping, got {type_name(data)}")]
        )
    reader = _RuleReader(data, source, builtin)
    rule = reader.build()
    if rule is None:
        raise DiagnosticsError(reader.problems.diagnostics)
    return rule


def _builtin_directory() -> Path:
    """Where the shipped rules are (found without importing ``importlib.resources``, which is slow)."""
    from importlib.util import find_spec

    spec = find_spec(BUILTIN_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise InputError(BUILTIN_PACKAGE, None, "the built-in rules are not installed")
    return Path(locations[0])


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The rules shipped in the package (``rules/*.yaml``), in id order."""
    root = _builtin_directory()
    rules = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            rule = parse_rule(
                entry.read_text(encoding="utf-8"), f"rules/{entry.name}", builtin=True
            )
            if f"{rule.id}.yaml" != entry.name:
                raise DiagnosticsError(
                    [
                        Diagnostic(
                            f"rules/{entry.name}",
                            1,
                            f"rule {rule.id} must be in rules/{rule.id}.yaml",
                        )
                    ]
                )
            rules.append(rule)
    return tuple(rules)


def custom_rules(directory: Path, named_by_pipeline: bool = True) -> list[Rule]:
    """Rules in a ``--rules-dir`` directory (``*.yaml`` / ``*.yml``, not recursive)."""
    from kmslint.safeio import read_text, require_inside
    from kmslint.trustedtree import display

    require_inside(directory, str(directory), named_by_pipeline)
    if not directory.is_dir():
        raise InputError(str(directory), None, "rules directory not found")
    rules, problems = [], []
    for path in sorted(p for p in directory.iterdir() if p.suffix in RULE_SUFFIXES and p.is_file()):
        shown = display(path)  # REF:path for a rule of --trusted-config-from
        try:
            text = read_text(path, shown, named_by_pipeline=named_by_pipeline)
            rules.append(parse_rule(text, shown, builtin=False))
        except DiagnosticsError as exc:
            problems.extend(exc.diagnostics)
        except InputError as exc:
            problems.append(exc.diagnostic)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Diagnostic(str(path), None, f"cannot read rule file: {exc}"))
    if problems:
        raise DiagnosticsError(problems)
    return rules


def load_catalogue(rules_dirs: Iterable[Path] = ()) -> Catalogue:
    """Built-in rules plus custom ones; a custom rule may not reuse an id."""
    rules: dict[str, Rule] = {rule.id: rule for rule in builtin_rules()}
    problems: list[Diagnostic] = []
    for directory in rules_dirs:
        for rule in custom_rules(directory):
            if rule.id in rules:
                problems.append(
                    Diagnostic(
                        rule.source,
                        1,
                        f"rule id {rule.id} is already defined by {rules[rule.id].source}",
                    )
                )
            else:
                rules[rule.id] = rule
    if problems:
        raise DiagnosticsError(problems)
    return Catalogue(dict(sorted(rules.items())))
