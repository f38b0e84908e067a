"""Rules keep root modules apart: the same key address in two projects is two keys."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_module
from tests.policy.support import check

KEY = 'resource "alicloud_kms_key" "k" {{\n  pending_window_in_days = 7\n  protection_level = "{protection}"\n}}\n'
DISK = 'resource "alicloud_ecs_disk" "d" {\n  encrypted = true\n  kms_key_id = alicloud_kms_key.k.id\n}\n'
VERSION = 'resource "alicloud_kms_key_version" "v" {\n  key_id = alicloud_kms_key.k.id\n}\n'


def test_consumers_and_versions_count_only_in_their_own_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_module(tmp_path / "a", {"main.tf": KEY.format(protection="SOFTWARE") + DISK})
    write_module(tmp_path / "b", {"main.tf": KEY.format(protection="HSM")})
    write_module(tmp_path / "c", {"main.tf": KEY.format(protection="HSM") + VERSION})
    run = check(tmp_path)

    def located(rule_id: str) -> list[tuple[str, int]]:
        return [(Path(f["file"]).parent.name, f["line"]) for f in run.findings(rule_id)]

    assert located("KMS015") == [("a", 1)]  # only a's key is used only by a disk
    assert located("KMS006") == [("b", 1)]  # b's key is unused although a's and c's are not
    kms011 = run.findings("KMS011")
    assert [(Path(f["file"]).parent.name, f["line"]) for f in kms011] == [("c", 5)]
    assert (
        "it stays billed at $0.99 a month ($0.033 a day)" in kms011[0]["message"]
    )  # c's HSM key, not a's SOFTWARE one
