""".kmslint.yaml: discovery up to the git root, --config, validation, overrides, --show-config."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.policy.support import check, stage


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """tmp/repo (a git root) with the KMS009 fixture at repo/infra/keys."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / ".git").mkdir()
    stage(tmp_path, "KMS009/fires").rename(root / "infra" / "keys")
    return root


KEYS = ("infra", "keys")


def _severities(run: object, rule_id: str) -> list[str]:
    return [f["severity"] for f in run.findings(rule_id)]  # type: ignore[attr-defined]


def test_config_in_scanned_dir_and_parents_up_to_git_root(repo: Path) -> None:
    keys = repo.joinpath(*KEYS)
    assert _severities(check(keys), "KMS009") == ["warning", "warning"]
    (repo.parent / ".kmslint.yaml").write_text(
        "rules:\n  KMS009: {severity: info}\n"
    )  # above the git root: ignored
    assert _severities(check(keys), "KMS009") == ["warning", "warning"]
    (repo / ".kmslint.yaml").write_text("rules:\n  KMS009: {severity: error}\n")
    run = check(keys)
    assert _severities(run, "KMS009") == ["error", "error"]
    assert run.exit_code == 1
    (keys / ".kmslint.yml").write_text("rules:\n  KMS009: false\n")  # nearest wins
    run = check(keys)
    assert run.findings("KMS009") == []
    assert run.exit_code == 0


def test_config_option_overrides_discovery(repo: Path) -> None:
    keys = repo.joinpath(*KEYS)
    (keys / ".kmslint.yaml").write_text("rules:\n  KMS009: false\n")
    other = repo / "strict.yaml"
    other.write_text("fail_on: info\n")
    run = check(keys, "--config", other)
    assert len(run.findings("KMS009")) == 2
    assert run.exit_code == 1


def test_params_budget_fail_on_and_usage_file(repo: Path) -> None:
    keys = repo.joinpath(*KEYS)
    (keys / "kmslint-usage.yml").unlink()
    (repo / "usage").mkdir()
    (repo / "usage" / "keys.yml").write_text(
        "version: 1\nresource_type_default_usage:\n  alicloud_kms_key: {monthly_crypto_calls: 20000}\n"
    )
    (repo / ".kmslint.yaml").write_text(
        "fail_on: warning\nusage_file: usage/keys.yml\nbudget:\n  monthly_usd: 1\n"
        "rules:\n  KMS009:\n    params: {max_days: 400}\n"
    )
    run = check(keys)
    assert [f["address"] for f in run.findings("KMS009")] == [
        "alicloud_kms_key.missing"
    ]  # 400 is now allowed
    assert run.findings("KMS004") == []  # the usage file named by the config is used
    # 0.99 + 0.06 + 0.06 hosting, 3 keys x 20,000 calls x $0.03 / 10,000 = 0.18
    assert [f["message"] for f in run.findings("KMS001")] == [
        "monthly cost (month 1) $1.29 is over the budget of $1.00 (monthly_usd) by $0.29"
    ]
    assert run.exit_code == 1
    assert check(keys, "--fail-on", "error").exit_code == 1  # KMS001 is an error
    (repo / ".kmslint.yaml").write_text(
        "fail_on: warning\nusage_file: usage/keys.yml\nrules:\n  KMS009: false\n  KMS006: false\n"
    )
    assert check(keys).exit_code == 0


CONFIG_ERRORS = {
    "fail_on: warning\nbudjet: {monthly_usd: 5}\n": [
        "{path}:2: unknown key 'budjet' in the config file (did you mean 'budget'?)"
    ],
    "rules:\n  KMS03: {enabled: false}\n": [
        "{path}:2: unknown rule 'KMS03' in rules (did you mean 'KMS003'?)"
    ],
    "rules:\n  KMS003:\n    params: {min_interval: 30}\n": [
        "{path}:3: rule KMS003 has no parameter 'min_interval' (did you mean 'min_interval_days'?)"
    ],
    "rules:\n  KMS003:\n    params:\n      min_interval_days: thirty\n": [
        "{path}:4: rules.KMS003.params.min_interval_days must be a number, got string"
    ],
    "rules:\n  KMS003:\n    severty: error\n    enabled: yes\n": [
        "{path}:3: unknown key 'severty' in rules.KMS003 (did you mean 'severity'?)",
        "{path}:4: rules.KMS003.enabled must be true or false, got string",
    ],
    "fail_on: warnings\nbudget:\n  monthly_usd: -5\n": [
        "{path}:1: fail_on must be one of info, warning, error, got 'warnings' (did you mean 'warning'?)",
        "{path}:3: budget.monthly_usd must be a non-negative number (USD), got -5",
    ],
    "rules: [KMS003]\n": ["{path}:1: rules must be a mapping of rule ids, got list"],
    "rules:\n  KMS003:\n    params: {min_interval_days: null}\n": [
        "{path}:3: rules.KMS003.params.min_interval_days cannot be null (its default is 90)",
    ],
}


@pytest.mark.parametrize("text", sorted(CONFIG_ERRORS))
def test_config_errors_name_the_line(repo: Path, text: str) -> None:
    path = repo / ".kmslint.yaml"
    path.write_text(text)
    result = run_cli("check", str(repo.joinpath(*KEYS)))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line.format(path=path) for line in CONFIG_ERRORS[text]]


def test_show_config_says_where_each_value_came_from(repo: Path) -> None:
    path = repo / ".kmslint.yaml"
    path.write_text(
        "fail_on: warning\nbudget:\n  monthly_usd: 500\nrules:\n  KMS003:\n    severity: error\n    params:\n      min_interval_days: 180\n"
    )
    result = run_cli("check", str(repo.joinpath(*KEYS)), "--show-config", "--baseline", "old.json")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == f"config_file: {path}"
    expected = [
        ("fail_on: warning", f"{path}:1"),
        ("baseline: old.json", "--baseline"),
        ("usage_file: null", "default"),
        ("  monthly_usd: 500", f"{path}:3"),
        ("  horizon_monthly_usd: null", "default"),
        ("    severity: error", f"{path}:6"),
        ("      min_interval_days: 180", f"{path}:8"),
        ("    severity: warning", "default"),
    ]
    for text, origin in expected:
        assert any(
            line.startswith(text + " ") and line.endswith(f"# {origin}") for line in lines
        ), (text, origin)
    assert "  KMS003:" + " " * 35 + " # rotation-cost-growth (rules/KMS003.yaml)" in lines
