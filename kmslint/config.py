"""``.kmslint.yaml``: rule selection, severities, params, budget, fail-on, usage file, baseline.

The file is looked for in the scanned directory, then in its parents up to the git root
(the first directory holding ``.git``); ``--config FILE`` names it instead. Every value keeps
its origin (``file:line``) so ``kmslint check --show-config`` can say where it came from.
Relative paths in the file are relative to the file's directory.

```yaml
fail_on: warning
usage_file: kmslint-usage.yml
baseline: .kmslint-baseline.json
rules_dir: policies            # or a list of directories with custom rules
exclude: [tests/fixtures/, "*.example.yml"]   # gitignore-style, relative to this file
budget: {monthly_usd: 500, horizon_monthly_usd: 800}
link_base: https://docs.example.com/kmslint/rules   # rule links (https only); default: this version's docs
rules:
  KMS003: {severity: error, ignorable: false, params: {min_interval_days: 180}}
  KMS006: false                # shorthand for {enabled: false}
  KMS014: {severity: warning}  # remind louder that KMS 1.0 keys are to be migrated
```
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kmslint.errors import InputError
from kmslint.findings import SEVERITIES
from kmslint.yamlsafe import Problems, did_you_mean, item_line, key_line, plain, type_name

CONFIG_NAMES = (".kmslint.yaml", ".kmslint.yml")
TOP_LEVEL = (
    "fail_on",
    "usage_file",
    "baseline",
    "rules_dir",
    "budget",
    "rules",
    "exclude",
    "link_base",
)
BUDGET_FIELDS = ("monthly_usd", "horizon_monthly_usd")
RULE_FIELDS = ("enabled", "severity", "ignorable", "params")


@dataclass(frozen=True)
class Origin:
    """Where a setting came from: ``file:line``, a command-line option, or the default."""

    file: str | None = None
    line: int | None = None
    label: str | None = None

    def __str__(self) -> str:
        if self.label:
            return self.label
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return "default"


DEFAULT = Origin(label="default")


@dataclass(frozen=True)
class Setting:
    value: Any
    origin: Origin = DEFAULT


@dataclass
class RuleConfig:
    """What the config file says about one rule id (validated against the catalogue later)."""

    rule_id: str
    line: int | None
    enabled: Setting | None = None
    severity: Setting | None = None
    ignorable: Setting | None = None
    params: dict[str, Setting] = field(default_factory=dict)


@dataclass
class Config:
    path: str | None = None
    fail_on: Setting | None = None
    usage_file: Setting | None = None
    baseline: Setting | None = None
    rules_dirs: list[Setting] = field(default_factory=list)
    exclude: list[Setting] = field(default_factory=list)  # gitignore-style, relative to the file
    budget: dict[str, Setting] = field(default_factory=dict)
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    link_base: Setting | None = None  # where built-in rule links point (https only)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def config_in(directory: Path, listed: frozenset[str] | None = None) -> Path | None:
    """The config file of ``directory``, if it has one (``listed``: the directory's names, when
    the caller has listed it). With ``--trusted-config-from`` inside the repository, the answer
    comes from the trusted ref (the work tree's file is only compared with it, so ``listed`` is
    not used); the path returned is still the work tree's, which :func:`load_config` maps back."""
    from kmslint import trustedtree

    trusted = trustedtree.active()
    relative = trusted.relative(directory) if trusted is not None else None
    if trusted is None or relative is None:
        for name in CONFIG_NAMES:
            if (listed is None or name in listed) and (directory / name).is_file():
                return directory / name
        return None
    found = None
    for name in CONFIG_NAMES:
        inner = name if relative == "." else f"{relative}/{name}"
        trusted.compare(inner)
        if found is None and trusted.copy_of(inner).is_file():
            found = directory / name
    return found


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` up to the git root (or the filesystem root)."""
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        found = config_in(candidate)
        if found is not None:
            return found
        if (candidate / ".git").exists():
            return None
    return None


class _ConfigReader:
    def __init__(
        self, path: Path, shown: str, trusted: bool = False, data_base: Path | None = None
    ) -> None:
        self.base = path.parent  # of the policy files it names (rules_dir, baseline)
        self.data_base = data_base or self.base  # of the usage file (the scanned tree's)
        self.trusted = trusted  # named by the pipeline: its paths may leave the scan root
        self.problems = Problems(shown)
        self.config = Config(path=shown)

    def origin(self, mapping: Any, key: str) -> Origin:
        return Origin(self.problems.path, key_line(mapping, key))

    def read(self, root: Mapping[Any, Any]) -> Config:
        self.problems.unknown_keys(root, TOP_LEVEL, "the config file")
        if "fail_on" in root:
            self.config.fail_on = self.severity(root, "fail_on")
        for name in ("usage_file", "baseline"):
            if name in root:
                setattr(self.config, name, self.path_setting(root, name))
        if "rules_dir" in root:
            self.rules_dirs(root)
        if "exclude" in root:
            self.excludes(root)
        if "budget" in root:
            self.budget(root["budget"], key_line(root, "budget"))
        if "link_base" in root:
            self.config.link_base = self.link_base(root)
        if "rules" in root:
            self.rules(root["rules"], key_line(root, "rules"))
        return self.config

    def severity(self, mapping: Any, key: str) -> Setting | None:
        value = mapping[key]
        if value not in SEVERITIES:
            hint = did_you_mean(str(value), SEVERITIES)
            self.problems.error(
                key_line(mapping, key),
                f"{key} must be one of {', '.join(SEVERITIES)}, got {value!r}{hint}",
            )
            return None
        return Setting(str(value), self.origin(mapping, key))

    def link_base(self, root: Mapping[Any, Any]) -> Setting | None:
        from kmslint.findings import link_base_problem

        problem = link_base_problem(root["link_base"])
        if problem:
            self.problems.error(key_line(root, "link_base"), problem)
            return None
        return Setting(root["link_base"], self.origin(root, "link_base"))

    def path_setting(self, mapping: Any, key: str) -> Setting | None:
        value = mapping[key]
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.problems.error(
                key_line(mapping, key), f"{key} must be a path, got {type_name(value)}"
            )
            return None
        if not self.inside(key, value, key_line(mapping, key)):
            return None
        base = self.data_base if key == "usage_file" else self.base
        return Setting(base / value, self.origin(mapping, key))

    def inside(self, key: str, value: str, line: int | None) -> bool:
        """Whether a path the config names stays in the scan root (reported when it does not)."""
        from kmslint.safeio import inside_root, leaves_root_message

        if self.trusted or inside_root(self.base / value):
            return True
        self.problems.error(line, leaves_root_message(key, value))
        return False

    def rules_dirs(self, root: Any) -> None:
        value = root["rules_dir"]
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            line = (
                item_line(value, index) if isinstance(value, list) else key_line(root, "rules_dir")
            )
            if not isinstance(item, str) or not item:
                self.problems.error(
                    line, f"rules_dir must be a directory or a list of them, got {type_name(item)}"
                )
                continue
            if not self.inside("rules_dir", item, line):
                continue
            self.config.rules_dirs.append(
                Setting(self.base / item, Origin(self.problems.path, line))
            )

    def excludes(self, root: Any) -> None:
        value = root["exclude"]
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            line = item_line(value, index) if isinstance(value, list) else key_line(root, "exclude")
            if not isinstance(item, str) or not item.strip():
                self.problems.error(
                    line, f"exclude must be a pattern or a list of them, got {type_name(item)}"
                )
                continue
            self.config.exclude.append(Setting(item, Origin(self.problems.path, line)))

    def budget(self, budget: Any, line: int | None) -> None:
        if not isinstance(budget, Mapping):
            self.problems.error(line, f"budget must be a mapping, got {type_name(budget)}")
            return
        self.problems.unknown_keys(budget, BUDGET_FIELDS, "budget")
        for name in BUDGET_FIELDS:
            if name not in budget or budget[name] is None:
                continue
            value = budget[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                self.problems.error(
                    key_line(budget, name),
                    f"budget.{name} must be a non-negative number (USD), got {value!r}",
                )
                continue
            self.config.budget[name] = Setting(plain(value), self.origin(budget, name))

    def rules(self, rules: Any, line: int | None) -> None:
        if not isinstance(rules, Mapping):
            self.problems.error(
                line, f"rules must be a mapping of rule ids, got {type_name(rules)}"
            )
            return
        for rule_id, body in rules.items():
            entry = RuleConfig(str(rule_id), key_line(rules, rule_id))
            self.config.rules[entry.rule_id] = entry
            if isinstance(body, bool):
                entry.enabled = Setting(body, self.origin(rules, rule_id))
            elif isinstance(body, Mapping):
                self.rule(entry, body)
            else:
                self.problems.error(
                    entry.line,
                    f"rules.{rule_id} must be a mapping (or true/false), got {type_name(body)}",
                )

    def rule(self, entry: RuleConfig, body: Mapping[Any, Any]) -> None:
        self.problems.unknown_keys(body, RULE_FIELDS, f"rules.{entry.rule_id}")
        for flag in ("enabled", "ignorable"):
            if flag in body:
                if not isinstance(body[flag], bool):
                    self.problems.error(
                        key_line(body, flag),
                        f"rules.{entry.rule_id}.{flag} must be true or false, got {type_name(body[flag])}",
                    )
                else:
                    setattr(entry, flag, Setting(body[flag], self.origin(body, flag)))
        if "severity" in body:
            entry.severity = self.severity(body, "severity")
        params = body.get("params")
        if params is None:
            return
        if not isinstance(params, Mapping):
            self.problems.error(
                key_line(body, "params"),
                f"rules.{entry.rule_id}.params must be a mapping, got {type_name(params)}",
            )
            return
        for name, value in params.items():
            entry.params[str(name)] = Setting(plain(value), self.origin(params, name))


def parse_config(
    text: str,
    path: Path,
    trusted: bool = False,
    shown: str | None = None,
    data_base: Path | None = None,
) -> Config:
    """Parse and check the structure of a config file; raises DiagnosticsError or InputError.
    ``shown`` names it in messages; ``data_base`` is where its ``usage_file`` is relative to."""
    from kmslint.yamlsafe import load_round_trip

    shown = shown or display_path(path)
    document = load_round_trip(text, shown)
    reader = _ConfigReader(path, shown, trusted, data_base)
    if document is None:
        return reader.config
    if not isinstance(document, Mapping):
        reader.problems.error(1, f"the config file must be a mapping, got {type_name(document)}")
    else:
        reader.read(document)
    reader.problems.raise_if_any()
    return reader.config


def load_config(path: Path, trusted: bool = False) -> Config:
    """Read a config file; ``trusted`` when the pipeline named it (--config, KMSLINT_CONFIG,
    --trusted-config-from): then its paths may point outside the scan root."""
    from kmslint.safeio import named_by_pipeline, read_text

    trusted = trusted or named_by_pipeline(path)
    copied = _trusted_copy(path) if not trusted else None
    if copied is not None:
        return copied
    if not os.path.lexists(path):
        raise InputError(str(path), None, "config file not found")
    return parse_config(read_text(path, str(path), named_by_pipeline=trusted), path, trusted)


def _trusted_copy(path: Path) -> Config | None:
    """With ``--trusted-config-from``: the ref's config for this work-tree path, else None."""
    from kmslint import trustedtree
    from kmslint.safeio import read_text

    trusted = trustedtree.active()
    relative = trusted.relative(path.parent) if trusted is not None else None
    if trusted is None or relative is None:
        return None
    inner = path.name if relative == "." else f"{relative}/{path.name}"
    shown = trusted.shown(inner)
    copy = trusted.copy_of(inner)
    if not copy.is_file():
        raise InputError(shown, None, "config file not found at the trusted ref")
    trusted.used.add(shown)
    text = read_text(copy, shown, named_by_pipeline=True)
    config = parse_config(text, copy, True, shown, path.parent)
    config.rules_dirs = [_outside_copy(s, copy.parent, path.parent) for s in config.rules_dirs]
    if config.baseline is not None:
        config.baseline = _outside_copy(config.baseline, copy.parent, path.parent)
    return config


def _outside_copy(setting: Setting, copy_dir: Path, work_dir: Path) -> Setting:
    """A relative path that leaves the copied repository means the same place the work tree's
    relative path does (the pipeline's own files beside the checkout)."""
    from kmslint import trustedtree

    trusted = trustedtree.active()
    value = Path(setting.value)
    normal = Path(os.path.normpath(value))
    if trusted is None or normal.is_relative_to(trusted.root):
        return setting
    if not str(value).startswith(str(copy_dir)):
        return setting  # an absolute path
    return Setting(Path(os.path.normpath(work_dir / value.relative_to(copy_dir))), setting.origin)
