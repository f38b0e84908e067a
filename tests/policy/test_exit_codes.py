"""Exit codes of kmslint check: 0 clean, 1 findings at or above --fail-on, 2 bad input (errors win)."""

from __future__ import annotations

from pathlib import Path

from kmslint.findings import rule_link
from tests.policy.support import check, stage


def test_fail_on_levels(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS009/fires")  # 2 warnings (KMS009), 6 infos (KMS006, KMS014)
    default = check(case)
    assert default.exit_code == 0
    assert default.last_stderr_line == "8 findings: 0 errors, 2 warnings, 6 infos"
    assert check(case, "--fail-on", "error").exit_code == 0
    assert check(case, "--fail-on", "warning").exit_code == 1
    assert check(case, "--fail-on", "info").exit_code == 1


def test_fail_on_from_config_and_the_option_wins(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS009/fires")
    (case / ".kmslint.yaml").write_text("fail_on: warning\n")
    assert check(case).exit_code == 1
    assert check(case, "--fail-on", "error").exit_code == 0


def test_info_only(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS005/passes")  # two infos (KMS006, KMS014)
    run = check(case, "--fail-on", "warning")
    assert run.exit_code == 0
    assert run.last_stderr_line == "2 findings: 0 errors, 0 warnings, 2 infos"
    assert check(case, "--fail-on", "info").exit_code == 1


def test_errors_win_over_findings(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS007/fires")  # five error findings
    assert check(case).exit_code == 1
    (case / "broken.tf").write_text('resource "alicloud_kms_key" "x" {\n  key_spec = \n')
    run = check(case, json_output=False)
    assert run.exit_code == 2
    assert f"{case / 'broken.tf'}:" in run.stderr
    assert run.last_stderr_line.endswith("findings: 5 errors, 0 warnings, 10 infos")


def test_text_output_lists_findings_with_links(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS012/fires")
    run = check(case, json_output=False)
    main = case / "main.tf"
    assert (
        f"{main}:9: info KMS012 disabled-still-billed: alicloud_kms_key.old: the key is Disabled but still pays hosting: "
        f"$0.99 a month for 1 version(s)\n    {rule_link('KMS012')}"
    ) in run.stdout
