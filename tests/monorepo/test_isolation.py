"""A bad file fails its own target only: the rest is still evaluated and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, run_cli, write_module

NULL_DEFAULT = """ROSTemplateFormatVersion: "2015-09-01"
Parameters:
  Protection:
    Type: String
    Default: null
Resources:
  NullKey:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: !Ref Protection
      PendingWindowInDays: 7
"""
BROKEN_NOT_KMS = """ROSTemplateFormatVersion: "2015-09-01"
Resources:
  Bucket:
    Type: ALIYUN::VPC::VPC
    Properties: {CidrBlock: "10.0.0.0/8"
"""
BROKEN_KMS = """ROSTemplateFormatVersion: "2015-09-01"
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties: {PendingWindowInDays: 7
"""
GOOD = ("terraform/signing", "terraform/disk-encryption", "ros/oss-client-side-encryption")


def _tree(root: Path, *extra: tuple[str, str]) -> Path:
    for example in GOOD:
        source = EXAMPLES / example
        write_module(
            root / example, {p.name: p.read_text(encoding="utf-8") for p in source.iterdir()}
        )
    write_module(root / "bad", dict(extra))
    return root


def _report(*args: object) -> tuple[int, dict, str]:
    result = run_cli("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_a_null_default_is_priced_and_a_broken_file_without_kms_is_skipped(tmp_path: Path) -> None:
    root = _tree(tmp_path, ("null.yml", NULL_DEFAULT), ("vpc.yml", BROKEN_NOT_KMS))
    code, report, stderr = _report(root)
    addresses = {r["address"]: r for r in report["resources"]}
    assert set(addresses) == {
        "alicloud_kms_key.signing",
        "alicloud_kms_key.disks",
        "OssKey",
        "NullKey",
    }
    assert report["errors"] == [] and "vpc.yml" not in stderr
    null_key = addresses["NullKey"]
    assert null_key["protection_level"] == "HSM"
    assert any("parameter Protection has Default: null" in note for note in null_key["notes"])
    kms005 = [
        f for f in report["findings"] if f["rule_id"] == "KMS005" and f["address"] == "NullKey"
    ]
    assert sorted(f["line"] for f in kms005) == [7, 10]  # region (the resource), protection
    assert code == 0  # warnings and infos only: below --fail-on error


def test_a_broken_kms_template_fails_alone_with_exit_2(tmp_path: Path) -> None:
    root = _tree(tmp_path, ("key.yml", BROKEN_KMS))
    code, report, stderr = _report(root)
    assert code == 2
    assert [Path(e["file"]).name for e in report["errors"]] == ["key.yml"]
    assert report["errors"][0]["line"] == 5
    assert f"{root / 'bad' / 'key.yml'}:5:" in stderr
    assert {r["address"] for r in report["resources"]} == {
        "alicloud_kms_key.signing",
        "alicloud_kms_key.disks",
        "OssKey",
    }
    text = run_cli("check", root).stdout
    assert text.startswith("INCOMPLETE: 1 error(s)")


def test_a_local_module_whose_source_is_missing_is_an_error_on_the_calling_line(
    tmp_path: Path,
) -> None:
    write_module(
        tmp_path / "app",
        {"main.tf": 'locals {\n  x = 1\n}\n\n\n\nmodule "gone" {\n  source = "./not-here"\n}\n'},
    )
    result = run_cli("check", tmp_path / "app")
    assert result.exit_code == 2
    assert f'{tmp_path / "app" / "main.tf"}:7: module "gone": source ./not-here does not exist' in (
        result.stderr.splitlines()
    )


def test_an_unexpected_failure_in_one_target_leaves_the_others_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kmslint.ros

    root = _tree(tmp_path)
    real = kmslint.ros.read_input

    def broken(target, request):  # type: ignore[no-untyped-def]
        raise TypeError("a simulated bug")

    monkeypatch.setattr(kmslint.ros, "read_input", broken)
    code, report, _ = _report(root)
    assert code == 2
    assert report["errors"] == [
        {
            "file": str(root / "ros/oss-client-side-encryption/template.json"),
            "line": None,
            "message": "internal error: TypeError: a simulated bug (set KMSLINT_DEBUG=1 for details)",
        }
    ]
    assert {r["address"] for r in report["resources"]} == {
        "alicloud_kms_key.signing",
        "alicloud_kms_key.disks",
    }
    assert real is not broken


def test_no_prefilter_reads_every_template(tmp_path: Path) -> None:
    write_module(tmp_path, {"vpc.yml": BROKEN_NOT_KMS})
    assert run_cli("check", tmp_path).exit_code == 0
    assert run_cli("check", tmp_path, "--no-prefilter").exit_code == 2
