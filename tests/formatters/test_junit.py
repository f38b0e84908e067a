"""``--format junit``: one suite; a test case per key and rule; failures for findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kmslint.formatters import render
from tests.formatters.support import FIXTURE, hostile_report
from tests.helpers import run_cli


def test_cases_per_key_and_rule(at_root: Path) -> None:
    root = ET.fromstring(run_cli("check", FIXTURE, "--format", "junit").stdout)
    [suite] = root.findall("testsuite")
    assert (
        root.tag,
        suite.get("name"),
        suite.get("tests"),
        suite.get("failures"),
        suite.get("errors"),
    ) == ("testsuites", "kmslint", "4", "3", "0")
    cases = [
        (c.get("classname"), c.get("name"), c.find("failure") is not None)
        for c in suite.findall("testcase")
    ]
    assert cases == [
        ("alicloud_kms_key.rotating", "KMS003 rotation-cost-growth", True),
        ("alicloud_kms_key.bad_spec", "KMS007 invalid-key-spec", True),
        ("alicloud_kms_key.signing", "cost and policy", False),
        ("alicloud_kms_key.parked", "KMS012 disabled-still-billed", True),
    ]
    failure = suite.findall("testcase")[1].find("failure")
    assert failure is not None and failure.get("type") == "KMS007"
    assert failure.get("message", "").startswith(
        "error: key_spec Aliyun_AES_128 exists only in dedicated KMS instances"
    )
    assert (failure.text or "").startswith(
        "tests/formatters/fixtures/policy/main.tf:17: error: key_spec Aliyun_AES_128"
    )
    assert suite.findall("testcase")[2].findtext("system-out") == "monthly cost $3.99"
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["monthly_cost"] == "5.16" and properties["horizon_monthly_cost"] == "16.05"


def test_scan_wide_findings_and_hostile_text(at_root: Path) -> None:
    report = hostile_report()
    report.findings[-2].message += "\x00\x1b[31m"
    root = ET.fromstring(render("junit", report))
    cases = root.findall("testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases[-2:]] == [
        ('alicloud_kms_key.x["<script>alert(1)</script>|`tick`"]', "KMS003 rotation-cost-growth"),
        ("kmslint.scan", "KMS001 monthly-budget"),
    ]
    assert (
        cases[-2]
        .find("failure")
        .get("message")
        .endswith("second line <!-- kmslint-comment -->[31m")
    )  # type: ignore[union-attr]


def test_input_errors_are_errors(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n')
    root = ET.fromstring(run_cli("estimate", tmp_path, "--format", "junit").stdout)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error is not None and error.get("message", "").startswith("HCL syntax error")
