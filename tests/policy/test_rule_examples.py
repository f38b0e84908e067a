"""The examples in each rule's YAML (and so in its documentation page) really fire and pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmslint.policy.catalogue import builtin_rules
from kmslint.policy.rule import Rule
from tests.policy.support import check

RUNNABLE = [rule for rule in builtin_rules() if rule.scope == "check"]


def _write(directory: Path, rule: Rule, example: str, usage: str) -> Path:
    directory.mkdir(parents=True)
    (directory / "main.tf").write_text(example + "\n", encoding="utf-8")
    if rule.example_config:
        (directory / ".kmslint.yaml").write_text(rule.example_config + "\n", encoding="utf-8")
    if usage:
        (directory / "kmslint-usage.yml").write_text(usage + "\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize("rule", RUNNABLE, ids=[r.id for r in RUNNABLE])
def test_example_fires(tmp_path: Path, rule: Rule) -> None:
    (tmp_path / ".git").mkdir()
    directory = _write(tmp_path / "fires", rule, rule.example_fires, rule.example_fires_usage)
    extra = [] if rule.enabled else ["--config", _enable(tmp_path, rule)]
    run = check(directory, *extra)
    assert run.findings(rule.id), f"{rule.id} example_fires does not fire: {run.stderr}"


@pytest.mark.parametrize("rule", RUNNABLE, ids=[r.id for r in RUNNABLE])
def test_example_passes(tmp_path: Path, rule: Rule) -> None:
    (tmp_path / ".git").mkdir()
    directory = _write(tmp_path / "passes", rule, rule.example_passes, rule.example_usage)
    extra = [] if rule.enabled else ["--config", _enable(tmp_path, rule)]
    run = check(directory, *extra)
    assert run.report is not None, run.stderr
    assert run.findings(rule.id) == []


def _enable(tmp_path: Path, rule: Rule) -> Path:
    """A config that turns on a rule that is off by default (its example_config does)."""
    path = tmp_path / "enable.yaml"
    path.write_text(rule.example_config + "\n", encoding="utf-8")
    return path


def test_examples_are_complete() -> None:
    for rule in builtin_rules():
        assert "resource " in rule.example_fires and "resource " in rule.example_passes, rule.id
        if not rule.enabled:
            assert "enabled: true" in rule.example_config, (
                f"{rule.id} is off by default; its example_config must turn it on"
            )
