"""``kmslint usage init`` writes a skeleton; ``--sync`` keeps the user's edits byte for byte."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, run_cli, write_module

KEYS = """
resource "alicloud_kms_key" "a" {}
resource "alicloud_kms_key" "b" {
  key_spec  = "EC_P256"
  key_usage = "SIGN/VERIFY"
}
resource "alicloud_ecs_disk" "d" {
  encrypted  = true
  kms_key_id = alicloud_kms_key.a.id
}
"""


def test_init_writes_every_address_with_fields_commented_out(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", {"main.tf": KEYS})
    result = run_cli("usage", "init", module)
    assert result.exit_code == 0, result.stderr
    text = (module / "kmslint-usage.yml").read_text()
    assert "  alicloud_kms_key.a:\n    # monthly_crypto_calls:" in text
    assert (
        "    # monthly_signatures:"
        in text.split("alicloud_kms_key.b:")[1].split("alicloud_ecs_disk.d:")[0]
    )
    assert "  alicloud_ecs_disk.d:\n    # monthly_disks_created:" in text
    assert not [
        line for line in text.splitlines() if ": 0" in line and not line.lstrip().startswith("#")
    ]
    # A fresh skeleton changes nothing: every key still "depends on usage".
    assert json_report("estimate", module)["summary"]["usage_unknown_count"] == 2
    again = run_cli("usage", "init", module)
    assert again.exit_code == 2 and "already exists; use --sync" in again.stderr


def test_sync_adds_and_drops_addresses_and_keeps_everything_else(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", {"main.tf": KEYS})
    run_cli("usage", "init", module)
    usage_file = module / "kmslint-usage.yml"
    edited = usage_file.read_text().replace(
        "  alicloud_kms_key.a:\n    # monthly_crypto_calls:",
        "  # our busiest key\n  alicloud_kms_key.a:\n    monthly_crypto_calls: 5000   # measured in March\n    # monthly_crypto_calls:",
    )
    edited = "# owned by the platform team\n" + edited
    usage_file.write_text(edited)
    (module / "main.tf").write_text(
        KEYS.replace('resource "alicloud_kms_key" "b"', 'resource "alicloud_kms_key" "c"')
    )

    result = run_cli("usage", "init", "--sync", module)
    assert result.exit_code == 0, result.stderr
    assert "1 address(es) added, 1 removed" in result.stdout
    synced = usage_file.read_text()
    before_b = edited.split("  alicloud_kms_key.b:")[0]
    assert synced.startswith(before_b)
    assert "alicloud_kms_key.b" not in synced
    assert "  alicloud_kms_key.c:\n    # monthly_crypto_calls:" in synced
    assert edited.split("  alicloud_ecs_disk.d:")[1] in synced
    report = json_report("estimate", module)
    assert {r["address"]: r["monthly_calls"] for r in report["resources"]} == {
        "alicloud_kms_key.a": "5000",
        "alicloud_kms_key.c": None,
    }
