"""``kmslint diff``: the cost and findings delta against a git ref or a saved report."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli

PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
SIGNING = (
    '\nresource "alicloud_kms_key" "signing" {\n  key_spec               = "EC_P256"\n  key_usage              = "SIGN/VERIFY"\n'
    '  protection_level       = "HSM"\n  pending_window_in_days = 7\n}\n'
)


def key(name: str, protection: str = "SOFTWARE", extra: str = "") -> str:
    return f'\nresource "alicloud_kms_key" "{name}" {{\n  protection_level       = "{protection}"\n  pending_window_in_days = 7\n{extra}}}\n'


def git(repo: Path, *args: str) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=environment
    ).stdout


def make_repo(repo: Path, *commits: dict[str, str | None]) -> Path:
    """A git repository with one commit per mapping of file -> text (None deletes the file)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for number, files in enumerate(commits):
        for name, text in files.items():
            target = repo / name
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", f"commit {number}")
    return repo


def diff_json(*args: Any, exit_code: int = 0) -> dict[str, Any]:
    result = run_cli("diff", *args, "--format", "json")
    assert result.exit_code == exit_code, result.stderr
    return dict(json.loads(result.stdout))


@pytest.fixture
def signing_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Base: a provider block only. Head: adds an HSM EC_P256 key with no usage."""
    repo = make_repo(tmp_path / "repo", {"main.tf": PROVIDER}, {"main.tf": PROVIDER + SIGNING})
    monkeypatch.chdir(repo)
    return repo


def test_head_adds_an_advanced_hsm_key(signing_repo: Path) -> None:
    report = diff_json("--base", "HEAD~1")
    summary = report["summary"]
    assert (
        summary["base_monthly_cost"],
        summary["monthly_cost"],
        summary["monthly_cost_delta"],
    ) == ("0.00", "2.49", "2.49")
    assert summary["monthly_cost_delta_percent"] is None  # there is no percentage of $0
    assert (summary["keys_added"], summary["keys_removed"], summary["keys_changed"]) == (1, 0, 0)
    [resource] = report["resources"]
    assert (
        resource["address"],
        resource["change"],
        resource["base_monthly_cost"],
        resource["monthly_cost_delta"],
    ) == (
        "alicloud_kms_key.signing",
        "added",
        None,
        "2.49",
    )
    assert resource["file"] == "main.tf"
    commit = git(signing_repo, "rev-parse", "HEAD~1").strip()
    assert report["base"] == {"label": f"HEAD~1 ({commit[:12]})", "ref": "HEAD~1", "commit": commit}
    assert {f["rule_id"]: f["change"] for f in report["findings"]} == {
        "KMS004": "added",
        "KMS006": "added",
        "KMS014": "added",
    }


def test_text_output_gives_before_after_and_the_changed_keys(signing_repo: Path) -> None:
    result = run_cli("diff", "--base", "HEAD~1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    commit = git(signing_repo, "rev-parse", "HEAD~1").strip()
    assert lines[2:5] == [
        f"Compared with HEAD~1 ({commit[:12]})",
        "Monthly cost: $0.00 -> $2.49 (+$2.49)",
        "Month 12: $0.00 -> $2.49",
    ]
    assert lines[6].split() == [
        "CHANGE",
        "KEY",
        "SPEC",
        "PROTECTION",
        "REGION",
        "BEFORE",
        "AFTER",
        "DELTA",
    ]
    assert lines[7].split() == [
        "added",
        "alicloud_kms_key.signing",
        "EC_P256",
        "HSM",
        "ap-southeast-1",
        "-",
        "$2.49",
        "+",
        "usage",
        "+$2.49",
    ]


def test_the_working_tree_index_and_head_are_not_touched(signing_repo: Path) -> None:
    (signing_repo / "main.tf").write_text(PROVIDER + SIGNING + key("extra"), encoding="utf-8")
    (signing_repo / "notes.txt").write_text("untracked\n", encoding="utf-8")
    files = {p: p.read_bytes() for p in signing_repo.rglob("*") if p.is_file()}
    status, head = (
        git(signing_repo, "status", "--porcelain"),
        git(signing_repo, "rev-parse", "HEAD"),
    )
    report = diff_json("--base", "HEAD~1")
    assert {p: p.read_bytes() for p in signing_repo.rglob("*") if p.is_file()} == files
    assert (git(signing_repo, "status", "--porcelain"), git(signing_repo, "rev-parse", "HEAD")) == (
        status,
        head,
    )
    assert git(signing_repo, "stash", "list") == ""
    assert report["summary"]["keys_added"] == 2  # the uncommitted key is part of the new state
    assert "kmslint-base-" not in json.dumps(report)


def test_changed_removed_and_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = (
        PROVIDER
        + key("data")
        + key("old", "HSM")
        + key(
            "fast",
            "HSM",
            '  automatic_rotation     = "Enabled"\n  rotation_interval      = "30d"\n',
        )
    )
    head = (
        PROVIDER
        + key("data", "HSM")
        + key(
            "fast",
            "HSM",
            '  automatic_rotation     = "Enabled"\n  rotation_interval      = "180d"\n',
        )
    )
    monkeypatch.chdir(make_repo(tmp_path / "repo", {"main.tf": base}, {"main.tf": head}))
    report = diff_json("--base", "main~1")
    by_address = {r["address"]: r for r in report["resources"]}
    data, old, fast = (
        by_address["alicloud_kms_key.data"],
        by_address["alicloud_kms_key.old"],
        by_address["alicloud_kms_key.fast"],
    )
    assert (
        data["change"],
        data["base_monthly_cost"],
        data["monthly_cost"],
        data["monthly_cost_delta"],
    ) == ("changed", "0.06", "0.99", "0.93")
    assert data["changes"][:2] == [
        {"field": "protection_level", "base": "SOFTWARE", "value": "HSM"},
        {"field": "monthly_cost", "base": "0.06", "value": "0.99"},
    ]
    assert (
        old["change"],
        old["base_monthly_cost"],
        old["monthly_cost"],
        old["monthly_cost_delta"],
    ) == ("removed", "0.99", "0.00", "-0.99")
    assert (fast["change"], fast["monthly_cost_delta"], fast["horizon_monthly_cost"]) == (
        "changed",
        "0.00",
        "1.98",
    )
    summary = report["summary"]
    assert (
        summary["base_monthly_cost"],
        summary["monthly_cost"],
        summary["monthly_cost_delta"],
        summary["monthly_cost_delta_percent"],
    ) == (
        "2.04",
        "1.98",
        "-0.06",
        "-2.94",
    )
    assert (
        summary["base_horizon_monthly_cost"],
        summary["horizon_monthly_cost"],
        summary["horizon_monthly_cost_delta"],
    ) == ("12.93", "2.97", "-9.96")
    assert [
        (f["rule_id"], f["address"])
        for f in report["resolved_findings"]
        if f["rule_id"] == "KMS003"
    ] == [("KMS003", "alicloud_kms_key.fast")]
    text = run_cli("diff", "--base", "main~1").stdout
    assert "Monthly cost: $2.04 -> $1.98 (-$0.06, -2.94%)" in text
    assert "Fixed by this change:" in text


@pytest.mark.parametrize(
    ("limit", "exit_code"),
    [("max_increase_usd: 1", 1), ("max_increase_usd: 5", 0), ("max_increase_percent: 10", 1)],
)
def test_kms013_fails_the_diff_when_configured(
    signing_repo: Path, limit: str, exit_code: int
) -> None:
    (signing_repo / ".kmslint.yaml").write_text(
        f"rules:\n  KMS013:\n    params:\n      {limit}\n", encoding="utf-8"
    )
    report = diff_json("--base", "HEAD~1", exit_code=exit_code)
    fired = [f for f in report["findings"] if f["rule_id"] == "KMS013"]
    if exit_code:
        assert fired[0]["message"].startswith(
            "monthly cost rises from $0.00 to $2.49 (+$2.49), more than max_increase_"
        )
        assert (fired[0]["severity"], fired[0]["change"], fired[0]["file"]) == (
            "error",
            "added",
            None,
        )
    else:
        assert fired == []


def test_kms013_is_off_until_set(signing_repo: Path) -> None:
    assert [f for f in diff_json("--base", "HEAD~1")["findings"] if f["rule_id"] == "KMS013"] == []


def test_compare_to_a_saved_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "module"
    module.mkdir()
    monkeypatch.chdir(module)
    (module / "main.tf").write_text(PROVIDER + key("data", "HSM"), encoding="utf-8")
    base = run_cli("check", ".", "--format", "json")
    (tmp_path / "base.json").write_text(base.stdout, encoding="utf-8")
    (module / "main.tf").write_text(PROVIDER + key("data", "HSM") + SIGNING, encoding="utf-8")
    report = diff_json("--compare-to", tmp_path / "base.json")
    assert (
        report["summary"]["monthly_cost_delta"],
        report["summary"]["monthly_cost_delta_percent"],
    ) == ("2.49", "251.52")
    assert [r["change"] for r in report["resources"]] == ["unchanged", "added"]
    assert report["base"] == {
        "label": str(tmp_path / "base.json"),
        "report": str(tmp_path / "base.json"),
    }


def test_local_modules_outside_the_scanned_path_are_read_at_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = PROVIDER + 'module "kms" {\n  source = "../../modules/kms"\n}\n'
    repo = make_repo(
        tmp_path / "repo",
        {"envs/prod/main.tf": root, "modules/kms/main.tf": key("this")},
        {"modules/kms/main.tf": key("this", "HSM")},
    )
    monkeypatch.chdir(repo)
    report = diff_json("--base", "HEAD~1", "envs/prod")
    [resource] = report["resources"]
    assert (resource["address"], resource["change"], resource["monthly_cost_delta"]) == (
        "module.kms.alicloud_kms_key.this",
        "changed",
        "0.93",
    )
    assert report["base"].get("errors") is None


def test_files_as_pre_commit_passes_them(signing_repo: Path) -> None:
    report = diff_json("--base", "HEAD~1", "main.tf")
    assert report["summary"]["monthly_cost_delta"] == "2.49"


def test_a_path_new_since_the_base_is_all_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", {"README": "x\n"}, {"new/main.tf": PROVIDER + SIGNING})
    monkeypatch.chdir(repo)
    report = diff_json("--base", "HEAD~1", "new")
    assert [(r["change"], r["file"]) for r in report["resources"]] == [("added", "new/main.tf")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base", "no-such-ref"), "--base: unknown git ref 'no-such-ref'"),
        (("--base", "--upload-pack=x"), "--base: not a git ref: '--upload-pack=x'"),
        (
            ("--base", "HEAD~1", "--compare-to", "x.json"),
            "Error: give exactly one of --base GITREF or --compare-to BASE.json",
        ),
        ((), "Error: give exactly one of --base GITREF or --compare-to BASE.json"),
    ],
)
def test_bad_input_exits_2(signing_repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_path_outside_any_repository(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER, encoding="utf-8")
    result = run_cli("diff", "--base", "HEAD", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path}: not inside a git repository (kmslint diff --base reads the base from git)"
    )


def test_a_saved_report_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER, encoding="utf-8")
    (tmp_path / "base.json").write_text("{not json", encoding="utf-8")
    result = run_cli("diff", "--compare-to", tmp_path / "base.json", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{tmp_path / 'base.json'}:1: not a JSON report: Expecting property name"
    )
    (tmp_path / "base.json").write_text('{"resources": []}', encoding="utf-8")
    result = run_cli("diff", "--compare-to", tmp_path / "base.json", tmp_path)
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'base.json'}: not a kmslint JSON report (version 1); write one with --format json"
    )
