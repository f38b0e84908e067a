"""--create-baseline records findings by address + rule id; --baseline (or config) hides them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli
from tests.policy.support import check, stage

NEW_KEY = """
resource "alicloud_kms_key" "added_later" {
  automatic_rotation     = "Enabled"
  rotation_interval      = "1d"
  pending_window_in_days = 7
}
"""


def test_create_then_apply_baseline(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS008/fires")
    baseline = tmp_path / "baseline.json"
    created = check(case, "--create-baseline", baseline)
    assert created.exit_code == 0
    assert created.stderr.splitlines()[-2:] == [
        f"kmslint: wrote 18 finding(s) to baseline {baseline}",
        "18 findings: 6 errors, 0 warnings, 12 infos",
    ]
    recorded = json.loads(baseline.read_text())
    assert recorded["version"] == 1
    assert {
        (e["rule_id"], e["address"]) for e in recorded["findings"] if e["rule_id"] == "KMS008"
    } == {
        ("KMS008", f"alicloud_kms_key.{name}")
        for name in ("asymmetric", "imported", "no_interval", "words", "too_short", "too_long")
    }
    entry = next(
        e
        for e in recorded["findings"]
        if e["address"] == "alicloud_kms_key.too_long" and e["rule_id"] == "KMS008"
    )
    assert entry == {
        "rule_id": "KMS008",
        "address": "alicloud_kms_key.too_long",
        "file": str(case / "main.tf"),
        "line": 39,
        "message": "rotation_interval 731d (731 days) is outside the allowed 7–730 days",
    }

    assert check(case).exit_code == 1
    applied = check(case, "--baseline", baseline)
    assert applied.exit_code == 0
    assert applied.findings() == []
    assert applied.last_stderr_line == "0 findings: 0 errors, 0 warnings, 0 infos"
    shown = check(case, "--baseline", baseline, "--show-suppressed")
    assert {f["suppression_reason"] for f in shown.findings()} == {f"in baseline {baseline}"}

    with (case / "main.tf").open("a") as handle:
        handle.write(NEW_KEY)
    grown = check(case, "--baseline", baseline)
    assert grown.exit_code == 1
    assert [(f["rule_id"], f["address"]) for f in grown.findings()] == [
        ("KMS006", "alicloud_kms_key.added_later"),
        ("KMS014", "alicloud_kms_key.added_later"),
        ("KMS008", "alicloud_kms_key.added_later"),
    ]


def test_yaml_baseline_from_config(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS009/fires")
    baseline = case / "kmslint-baseline.yaml"
    assert check(case, "--create-baseline", baseline, "--fail-on", "warning").exit_code == 0
    assert baseline.read_text().startswith("version: 1\nfindings:\n")
    assert check(case, "--fail-on", "warning").exit_code == 1
    (case / ".kmslint.yaml").write_text("baseline: kmslint-baseline.yaml\nfail_on: warning\n")
    run = check(case)
    assert run.exit_code == 0
    assert run.findings() == []


def test_non_ignorable_rules_are_neither_recorded_nor_hidden(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS009/fires")
    (case / ".kmslint.yaml").write_text("rules:\n  KMS009: {ignorable: false}\n")
    baseline = tmp_path / "b.json"
    check(case, "--create-baseline", baseline)
    assert {e["rule_id"] for e in json.loads(baseline.read_text())["findings"]} == {
        "KMS006",
        "KMS014",
    }
    json_text = json.loads(baseline.read_text())
    json_text["findings"].append({"rule_id": "KMS009", "address": "alicloud_kms_key.missing"})
    baseline.write_text(json.dumps(json_text))
    run = check(case, "--baseline", baseline, "--fail-on", "warning")
    assert [(f["rule_id"], f["address"]) for f in run.findings()] == [
        ("KMS009", "alicloud_kms_key.missing"),
        ("KMS009", "alicloud_kms_key.too_long"),
    ]
    assert run.exit_code == 1


def test_baseline_errors_exit_2(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS009/fires")
    missing = run_cli("check", str(case), "--baseline", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"{tmp_path / 'nope.json'}: baseline file not found (create it with --create-baseline)\n"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1,\n "findings": [\n  {"address": "x"}\n ]}\n')
    result = run_cli("check", str(case), "--baseline", str(broken))
    assert result.exit_code == 2
    assert result.stderr == f"{broken}:3: each baseline entry needs a rule_id, got mapping\n"
    both = run_cli(
        "check",
        str(case),
        "--baseline",
        str(broken),
        "--create-baseline",
        str(tmp_path / "new.json"),
    )
    assert both.exit_code == 2
    assert "use either --baseline or --create-baseline, not both" in both.stderr
