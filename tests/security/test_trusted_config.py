"""The pipeline's policy, not the pull request's: --config / KMSLINT_CONFIG name a config the
pull request cannot edit, and its own .kmslint.yaml then does not apply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kmslint.formatters.markdown_text import text
from tests.commands.test_diff import git, make_repo
from tests.helpers import EXAMPLES, run_cli

SIGNING = (EXAMPLES / "terraform" / "signing" / "main.tf").read_text(encoding="utf-8")
BUDGET = "budget: {monthly_usd: 1}\n"


def test_kmslint_config_names_the_trusted_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "trusted.yaml").write_text(BUDGET, encoding="utf-8")
    repo = make_repo(
        tmp_path / "repo", {"main.tf": SIGNING, ".kmslint.yaml": "rules:\n  KMS001: false\n"}
    )
    monkeypatch.chdir(repo)
    result = run_cli(
        "check", ".", "--format", "json", env={"KMSLINT_CONFIG": str(tmp_path / "trusted.yaml")}
    )
    assert result.exit_code == 1, result.stderr
    assert "KMS001" in [f["rule_id"] for f in json.loads(result.stdout)["findings"]]


# --trusted-config-from GITREF: the base branch's .kmslint.yaml, rules_dir and baseline.

ORG002 = """id: ORG002
name: hsm-needs-review
severity: error
summary: HSM keys need a security review.
rationale: Reviewed by the security team.
remediation: Ask for a review.
match:
  all:
    - field: protection_level
      equals: HSM
message: "HSM key needs a security review"
at: protection_level
"""
BASE_CONFIG = "budget: {monthly_usd: 1}\nbaseline: baseline.json\nrules_dir: policies\n"
DISABLE = "rules:\n  ORG002: false\n  KMS001: false\n"
EMPTY_BASELINE = '{"version": 1, "findings": []}\n'
WEAK_BASELINE = (
    '{"version": 1, "findings": [{"rule_id": "KMS001", "address": null},'
    ' {"rule_id": "ORG002", "address": "alicloud_kms_key.signing"}]}\n'
)
ATTACKS = {
    "config disables KMS001": ({".kmslint.yaml": "rules_dir: policies\n" + DISABLE},),
    "project config disables KMS001": (
        {"app/.kmslint.yaml": "rules_dir: ../policies\n" + DISABLE},
    ),
    "baseline hides the findings": ({"baseline.json": WEAK_BASELINE},),
    "config names a weaker baseline": (
        {
            ".kmslint.yaml": BASE_CONFIG.replace("baseline.json", "weak.json"),
            "weak.json": WEAK_BASELINE,
        },
    ),
    "rules_dir rule switched off and budget raised": (
        {
            "policies/ORG002.yaml": ORG002.replace("severity: error", "severity: info"),
            ".kmslint.yaml": "budget: {monthly_usd: 100}\nrules_dir: policies\n",
        },
    ),
    "config excludes the templates": ({".kmslint.yaml": BASE_CONFIG + 'exclude: ["*.tf"]\n'},),
}
CHANGED = {
    "config disables KMS001": [".kmslint.yaml"],
    "project config disables KMS001": ["app/.kmslint.yaml"],
    "baseline hides the findings": ["baseline.json"],
    "config names a weaker baseline": [".kmslint.yaml"],
    "rules_dir rule switched off and budget raised": [".kmslint.yaml", "policies/ORG002.yaml"],
    "config excludes the templates": [".kmslint.yaml"],
}


def base_repo(root: Path, *pull_request: dict[str, str | None]) -> Path:
    """Base commit (branch main): one HSM key under app/, a $1 budget, an empty baseline and
    a custom rule that fails every HSM key; then the pull request's commits on top."""
    return make_repo(
        root,
        {
            "app/main.tf": SIGNING,
            ".kmslint.yaml": BASE_CONFIG,
            "baseline.json": EMPTY_BASELINE,
            "policies/ORG002.yaml": ORG002,
        },
        *pull_request,
    )


def gate(*args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("check", "app", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def failing(document: dict[str, Any]) -> list[str]:
    return sorted(
        f["rule_id"]
        for f in document["findings"]
        if f["severity"] == "error" and not f.get("suppressed")
    )


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_pull_requests_policy_files_do_not_weaken_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    repo = base_repo(tmp_path / "repo", *ATTACKS[attack])
    monkeypatch.chdir(repo)
    assert gate()[0] == 0  # without the option the pull request switches the gate off
    code, document = gate("--trusted-config-from", "main~1")
    assert code == 1
    assert failing(document) == ["KMS001", "ORG002"]
    commit = git(repo, "rev-parse", "main~1").strip()
    assert document["policy_source"] == {
        "trusted_from": "main~1",
        "commit": commit,
        "configs": ["main~1:.kmslint.yaml"],
        "tree_changed": True,
        "changed_in_tree": CHANGED[attack],
    }
    assert document["projects"][0]["config"] == "main~1:.kmslint.yaml"


def test_the_report_says_the_tree_did_not_change_the_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = base_repo(tmp_path / "repo")
    monkeypatch.chdir(repo)
    commit = git(repo, "rev-parse", "main").strip()
    plain = run_cli("check", "app", "--trusted-config-from", "main")
    assert plain.exit_code == 1
    line = f"Policy from main ({commit[:12]}): main:.kmslint.yaml; the scanned tree does not change it."
    assert plain.stdout.splitlines()[1] == line
    markdown = run_cli("check", "app", "--trusted-config-from", "main", "--format", "markdown")
    assert f"> {text(line)}" in markdown.stdout.splitlines()
    assert "app/main.tf:11: error ORG002 hsm-needs-review" in plain.stdout
    assert "    main:policies/ORG002.yaml" in plain.stdout.splitlines()  # not the temporary copy


def test_the_text_and_markdown_name_the_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = base_repo(tmp_path / "repo", {"baseline.json": WEAK_BASELINE})
    monkeypatch.chdir(repo)
    commit = git(repo, "rev-parse", "main~1").strip()
    line = (
        f"Policy from main~1 ({commit[:12]}): main~1:.kmslint.yaml; the scanned tree changes"
        " baseline.json (not applied)."
    )
    plain = run_cli("check", "app", "--trusted-config-from", "main~1")
    assert plain.stdout.splitlines()[1] == line
    markdown = run_cli("check", "app", "--trusted-config-from", "main~1", "--format", "markdown")
    assert f"> {text(line)}" in markdown.stdout.splitlines()


def test_estimate_reads_the_trusted_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = base_repo(tmp_path / "repo", {".kmslint.yaml": "exclude: [app/]\n"})
    monkeypatch.chdir(repo)
    hidden = run_cli("estimate", ".", "--format", "json")
    assert json.loads(hidden.stdout)["summary"]["key_count"] == 0
    trusted = run_cli("estimate", ".", "--format", "json", "--trusted-config-from", "main~1")
    assert trusted.exit_code == 0, trusted.stderr
    document = json.loads(trusted.stdout)
    assert document["summary"]["key_count"] == 1
    assert document["policy_source"]["changed_in_tree"] == [".kmslint.yaml"]


def test_diff_gates_the_cost_increase_with_the_trusted_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = "rules:\n  KMS013: {params: {max_increase_usd: 1}}\n"
    repo = make_repo(
        tmp_path / "repo",
        {".kmslint.yaml": limit, "app/main.tf": 'provider "alicloud" {}\n'},
        {"app/main.tf": SIGNING, ".kmslint.yaml": "rules:\n  KMS013: false\n"},
    )
    monkeypatch.chdir(repo)
    assert run_cli("diff", "app", "--base", "main~1").exit_code == 0
    result = run_cli(
        "diff", "app", "--base", "main~1", "--trusted-config-from", "main~1", "--format", "json"
    )
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    assert [f["rule_id"] for f in document["findings"] if f["rule_id"] == "KMS013"] == ["KMS013"]
    assert document["policy_source"]["changed_in_tree"] == [".kmslint.yaml"]


def test_a_missing_ref_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_repo(tmp_path / "repo"))
    result = run_cli("check", "app", "--trusted-config-from", "origin/nope")
    assert result.exit_code == 2
    assert result.stderr == "--trusted-config-from: unknown git ref 'origin/nope'\n"
    assert result.stdout == ""


def test_missing_git_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_repo(tmp_path / "repo"))
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run_cli("check", "app", "--trusted-config-from", "main")
    assert result.exit_code == 2
    assert result.stderr == "--trusted-config-from: git is not installed\n"


def test_outside_a_repository_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.tf").write_text(SIGNING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("check", "app", "--trusted-config-from", "main")
    assert result.exit_code == 2
    assert result.stderr == (
        "app: not inside a git repository (--trusted-config-from reads the ref from git)\n"
    )


def test_a_broken_config_at_the_ref_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "repo", {"app/main.tf": SIGNING, ".kmslint.yaml": "fail_on: loud\n"}
    )
    monkeypatch.chdir(repo)
    result = run_cli("check", "app", "--trusted-config-from", "main")
    assert result.exit_code == 2
    assert result.stderr.startswith("main:.kmslint.yaml:1: fail_on must be one of")


def test_config_and_trusted_config_from_are_exclusive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(base_repo(tmp_path / "repo"))
    result = run_cli("check", "app", "--trusted-config-from", "main", "--config", ".kmslint.yaml")
    assert result.exit_code == 2
    assert "use either --config (or KMSLINT_CONFIG) or --trusted-config-from" in result.stderr


def test_the_action_takes_the_policy_from_the_base_commit(tmp_path: Path) -> None:
    from tests.comment.test_ci_examples import bash, outputs, steps

    repo = base_repo(tmp_path / "repo", ATTACKS["config disables KMS001"][0])
    out = tmp_path / "out"
    env = {
        "KMSLINT_PATH": "app",
        "KMSLINT_USAGE_FILE": "",
        "KMSLINT_FAIL_ON": "error",
        "KMSLINT_SARIF": "false",
        "GITHUB_OUTPUT": str(out),
        "BASE_SHA": git(repo, "rev-parse", "HEAD~1").strip(),
    }
    result = bash(steps()["check"]["run"], repo, env)
    assert result.returncode == 0, result.stderr
    assert outputs(out)["exit-code"] == "1"
    report = json.loads((repo / "kmslint.json").read_text(encoding="utf-8"))
    assert failing(report) == ["KMS001", "ORG002"]
    assert report["policy_source"]["changed_in_tree"] == [".kmslint.yaml"]


def test_the_gitlab_job_takes_the_policy_from_the_merge_base(tmp_path: Path) -> None:
    from tests.comment.test_ci_examples import ROOT, bash, load

    job = load(ROOT / "examples/ci/gitlab-ci.yml")["kmslint"]
    repo = base_repo(tmp_path / "repo", ATTACKS["config disables KMS001"][0])
    env = {
        **job["variables"],
        "KMSLINT_PATHS": "app",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "HEAD~1").strip(),
    }
    script = "\n".join(job["script"])
    assert "--no-env-vars $trusted" in script
    result = bash(script, repo, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert failing(json.loads((repo / "kmslint.json").read_text(encoding="utf-8"))) == [
        "KMS001",
        "ORG002",
    ]
