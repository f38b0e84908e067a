"""Rules over keys built directly (as the ROS loader and the consumer reader produce them), and a real ROS stack."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kmslint.config import Config, RuleConfig, Setting
from kmslint.model import Suppression
from kmslint.policy.engine import evaluate_policy
from kmslint.policy.settings import build_policy
from kmslint.usage import UsageEntry, UsageFile, UsageValue
from tests.policy.support import check, consumer, default_policy, key, report_for

ROS_KEY = "ALIYUN::KMS::Key"


def _where(report: Any, rule_id: str) -> list[tuple[str | None, int | None, str | None, str]]:
    return [
        (f.file, f.line, f.address, f.message)
        for f in report.findings
        if f.rule_id == rule_id and not f.suppressed
    ]


def test_unused_key_looks_at_consumers_versions_aliases_and_declared_usage() -> None:
    keys = [
        key("alicloud_kms_key.lonely", 1),
        key("alicloud_kms_key.used", 10),
        key("alicloud_kms_key.aliased", 20, referenced_by_alias=True),
        key("alicloud_kms_key.declared", 30),
        key("alicloud_kms_key.hsm", 40, protection_level="HSM"),
    ]
    declared = UsageEntry(
        "alicloud_kms_key.declared", 3, {"monthly_decrypt_calls": UsageValue(Decimal(5000), 4)}
    )
    usage = UsageFile(exact={"alicloud_kms_key.declared": declared})
    report = report_for(
        keys,
        [consumer("alicloud_ecs_disk.d", "alicloud_ecs_disk", "alicloud_kms_key.used")],
        usage=usage,
    )
    evaluate_policy(report, default_policy())
    tail = (
        "delete it if nothing outside this code uses it, or declare its calls in kmslint-usage.yml"
    )
    head = "no resource in scope uses this key and no usage is declared for it, yet it costs"
    assert _where(report, "KMS006") == [
        ("main.tf", 1, "alicloud_kms_key.lonely", f"{head} $0.06 a month to host: {tail}"),
        ("main.tf", 40, "alicloud_kms_key.hsm", f"{head} $0.99 a month to host: {tail}"),
    ]


def test_service_key_suffices_only_when_every_consumer_is_storage() -> None:
    keys = [
        key("alicloud_kms_key.storage", 1, protection_level="HSM"),
        key("alicloud_kms_key.mixed", 10, protection_level="HSM"),
        key("alicloud_kms_key.instance", 20, protection_level="HSM", dkms_instance_id="kst-1"),
        key("alicloud_kms_key.unused", 30, protection_level="HSM"),
    ]
    consumers = [
        consumer("alicloud_ecs_disk.a", "alicloud_ecs_disk", "alicloud_kms_key.storage"),
        consumer("alicloud_oss_bucket.b", "alicloud_oss_bucket", "alicloud_kms_key.storage"),
        consumer("alicloud_ecs_disk.c", "alicloud_ecs_disk", "alicloud_kms_key.mixed"),
        consumer("alicloud_kms_secret.s", "alicloud_kms_secret", "alicloud_kms_key.mixed"),
        consumer("alicloud_ecs_disk.d", "alicloud_ecs_disk", "alicloud_kms_key.instance"),
    ]
    calls = {k.address: Decimal(0) for k in keys}
    calls["alicloud_kms_key.storage"] = Decimal(
        1_000_000
    )  # $3.00 of API calls on top of $0.99 hosting
    report = report_for(keys, consumers, calls=calls)
    evaluate_policy(report, default_policy())
    assert _where(report, "KMS015") == [
        (
            "main.tf",
            1,
            "alicloud_kms_key.storage",
            "this key is used only by alicloud_ecs_disk.a, alicloud_oss_bucket.b, which could encrypt with a free service key "
            "instead: dropping it saves $3.99 a month ($3.99 in month 12)",
        ),
    ]


def test_service_key_types_come_from_params() -> None:
    keys = [key("alicloud_kms_key.mixed", 10)]
    consumers = [
        consumer("alicloud_ecs_disk.c", "alicloud_ecs_disk", "alicloud_kms_key.mixed"),
        consumer("alicloud_kms_secret.s", "alicloud_kms_secret", "alicloud_kms_key.mixed"),
    ]
    report = report_for(keys, consumers, calls={"alicloud_kms_key.mixed": None})
    types = Setting(["alicloud_ecs_disk", "alicloud_kms_secret"])
    policy = build_policy(
        Config(rules={"KMS015": RuleConfig("KMS015", 1, params={"service_key_types": types})})
    )
    evaluate_policy(report, policy)
    assert _where(report, "KMS015") == [
        (
            "main.tf",
            10,
            "alicloud_kms_key.mixed",
            "this key is used only by alicloud_ecs_disk.c, alicloud_kms_secret.s, which could encrypt with a free service key "
            "instead: dropping it saves $0.06 a month ($0.06 in month 12), plus its API calls, whose usage is not given",
        ),
    ]


def test_default_service_key_types_are_the_storage_consumers() -> None:
    from kmslint.consumers import consumer_catalogue
    from kmslint.policy.catalogue import builtin_rules

    catalogue = consumer_catalogue()
    storage = {
        t.type for t in (*catalogue.terraform.values(), *catalogue.ros.values()) if t.storage
    }
    rule = next(r for r in builtin_rules() if r.id == "KMS015")
    assert set(rule.params["service_key_types"]) == storage


def test_ros_retained_key_and_deletion_window() -> None:
    keys = [
        key(
            "Retained",
            5,
            type=ROS_KEY,
            file="stack.yaml",
            protection_level="HSM",
            deletion_policy_retain=True,
        ),
        key(
            "ShortWindow",
            15,
            type=ROS_KEY,
            file="stack.yaml",
            pending_window_in_days=3,
            attributes={"PendingWindowInDays": 18},
        ),
    ]
    report = report_for(keys)
    evaluate_policy(report, default_policy())
    assert _where(report, "KMS011") == [
        (
            "stack.yaml",
            5,
            "Retained",
            "DeletionPolicy: Retain keeps the key after the stack is deleted, still billed ($0.99 a month; $0.99 in month 12)",
        ),
    ]
    # ROS keys have no Terraform destroy problem: only the range is checked, at the property's line.
    assert _where(report, "KMS009") == [
        (
            "stack.yaml",
            18,
            "ShortWindow",
            "pending_window_in_days 3 is outside the allowed 7–366 days",
        )
    ]


def test_region_not_specified_is_not_a_finding() -> None:
    keys = [
        key(
            "NoRegion",
            1,
            type=ROS_KEY,
            file="stack.yaml",
            region="",
            key_spec="Aliyun_SM4",
            protection_level="HSM",
        ),
        key(
            "Typo",
            10,
            type=ROS_KEY,
            file="stack.yaml",
            region="eu-central-9",
            region_source="--region",
        ),
    ]
    report = report_for(keys)
    evaluate_policy(report, default_policy())
    assert _where(report, "KMS010") == [
        (
            "stack.yaml",
            10,
            "Typo",
            "region 'eu-central-9' (from --region) is not a known Alibaba Cloud region (did you mean 'eu-central-1'?); priced as mainland China",
        ),
    ]


def _ros_keys() -> list[Any]:
    reasoned = Suppression("KMS012", "kept to decrypt the 2023 archive", "stack.yaml", 9)
    reasonless = Suppression("KMS012", None, "stack.yaml", 19)
    unknown = Suppression("KMS099", "typo", "stack.yaml", 20)
    return [
        key(
            "Archive",
            5,
            type=ROS_KEY,
            file="stack.yaml",
            status="Disabled",
            protection_level="HSM",
            suppressions=[reasoned],
        ),
        key(
            "Old",
            15,
            type=ROS_KEY,
            file="stack.yaml",
            status="Disabled",
            protection_level="HSM",
            suppressions=[reasonless, unknown],
        ),
    ]


def test_ros_metadata_suppression() -> None:
    report = report_for(_ros_keys())
    diagnostics = evaluate_policy(report, default_policy())
    kms012 = [
        (f.address, f.suppressed, f.suppression_reason)
        for f in report.findings
        if f.rule_id == "KMS012"
    ]
    assert kms012 == [("Archive", True, "kept to decrypt the 2023 archive"), ("Old", False, None)]
    assert [d.render() for d in diagnostics] == [
        "stack.yaml:19: warning: kmslint:ignore KMS012 has no reason; it is not applied (write why after the rule id)",
        "stack.yaml:20: warning: kmslint:ignore names unknown rule KMS099 (did you mean 'KMS019'?)",
    ]
    assert diagnostics[0] in report.inventory.diagnostics


ROS_STACK = """ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Suppressed:
    Type: ALIYUN::KMS::Key
    Metadata:
      kmslint:
        ignore:
          - id: KMS007
            reason: created in a dedicated instance by hand
    Properties:
      KeySpec: Aliyun_AES_128
  Bare:
    Type: ALIYUN::KMS::Key
    Metadata:
      kmslint:
        ignore:
          - id: KMS007
    Properties:
      KeySpec: Aliyun_AES_192
"""


@pytest.fixture
def ros_stack(tmp_path: Path) -> Path:
    """A ROS template whose two keys carry a KMS007 suppression in Metadata, one without a reason."""
    (tmp_path / ".git").mkdir()
    template = tmp_path / "stack.yaml"
    template.write_text(ROS_STACK, encoding="utf-8")
    return template


def test_ros_metadata_suppression_exit_codes(ros_stack: Path) -> None:
    run = check(ros_stack)
    assert [(f["address"], f.get("suppressed", False)) for f in run.findings("KMS007")] == [
        ("Bare", False)
    ]
    assert run.exit_code == 1
    assert (
        f"{ros_stack}:17: warning: kmslint:ignore KMS007 has no reason; it is not applied (write why after the rule id)"
        in run.stderr
    )
    shown = check(ros_stack, "--show-suppressed")
    assert [
        (f["address"], f.get("suppressed", False), f.get("suppression_reason"))
        for f in shown.findings("KMS007")
    ] == [
        ("Suppressed", True, "created in a dedicated instance by hand"),
        ("Bare", False, None),
    ]
