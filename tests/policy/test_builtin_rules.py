"""Every built-in rule through the CLI: a fixture that fires it (file, line, address, message
with its numbers) and one that does not. KMS013 is tested through its function (test_cost_increase)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmslint import __version__
from tests.policy.support import check, stage

MAIN = "main.tf"
CONFIG = ".kmslint.yaml"

# rule -> (exit code of the firing fixture, [(file, line, address, message)])
# "{dir}" in a message stands for the staged fixture directory.
FIRES: dict[str, tuple[int, list[tuple[str, int, str | None, str]]]] = {
    "KMS001": (
        1,
        [
            (
                CONFIG,
                2,
                None,
                "monthly cost (month 1) $2.97 is over the budget of $2.50 (monthly_usd) by $0.47",
            ),
            (
                CONFIG,
                3,
                None,
                "month-12 cost $13.86 is over the budget of $10.00 (horizon_monthly_usd) by $3.86",
            ),
        ],
    ),
    "KMS002": (
        1,
        [
            (
                MAIN,
                13,
                "alicloud_kms_key.rsa",
                "advanced HSM key versions across the scan reach 6 by month 12, over max_versions 5: 4 key(s) with 6 version(s) "
                "in month 1 cost $14.94 a month to host, $14.94 a month in month 12; the largest is alicloud_kms_key.rsa with 3",
            ),
        ],
    ),
    "KMS003": (
        0,
        [
            (
                MAIN,
                8,
                "alicloud_kms_key.fast",
                "automatic rotation every 30d is more often than every 90 days, and each rotation adds a billed version: "
                "1 version(s) in month 1, 12 by month 12; the key costs $0.99 in month 1 and $11.88 in month 12",
            ),
            (
                MAIN,
                15,
                "alicloud_kms_key.seconds",
                "automatic rotation every 2592000s (30 days) is more often than every 90 days, and each rotation adds a billed "
                "version: 1 version(s) in month 1, 12 by month 12; the key costs $0.99 in month 1 and $11.88 in month 12",
            ),
        ],
    ),
    "KMS004": (
        0,
        [
            (
                MAIN,
                9,
                "alicloud_kms_key.signing",
                "no usage is given for this key, so its API cost is unknown, not $0 (it is counted at $0.06 a month, hosting "
                "only): at $0.24 per 10,000 calls (advanced key, mainland China) every 1,000,000 calls a month add $24.00; "
                "declare its calls in kmslint-usage.yml",
            ),
        ],
    ),
    "KMS005": (
        0,
        [
            (
                MAIN,
                10,
                "alicloud_kms_key.app",
                "protection_level could not be resolved; assumed HSM (variable protection has no value); the estimate ($0.99 a month) rests on this assumption: "
                "give the value with --var or --var-file",
            ),
        ],
    ),
    "KMS006": (
        0,
        [
            (
                MAIN,
                5,
                "alicloud_kms_key.leftover",
                "no resource in scope uses this key and no usage is declared for it, yet it costs $0.99 a month to host: "
                "delete it if nothing outside this code uses it, or declare its calls in kmslint-usage.yml",
            ),
        ],
    ),
    "KMS007": (
        1,
        [
            (
                MAIN,
                6,
                "alicloud_kms_key.aes128",
                "key_spec Aliyun_AES_128 exists only in dedicated KMS instances, not for KMS 1.0 keys "
                "(use Aliyun_AES_256, or put it in a dedicated instance with dkms_instance_id)",
            ),
            (
                MAIN,
                11,
                "alicloud_kms_key.typo",
                "key_spec 'AES_256' is not a KMS key spec (did you mean 'Aliyun_AES_256'?); priced as RSA_3072, "
                "the most expensive spec its key_usage allows",
            ),
            (
                MAIN,
                16,
                "alicloud_kms_key.ec_encrypt",
                "key_usage ENCRYPT/DECRYPT is not available with key_spec EC_P256 (it allows SIGN/VERIFY)",
            ),
            (
                MAIN,
                22,
                "alicloud_kms_key.sm4_software",
                "Aliyun_SM4 keys exist only in HSMs: protection_level SOFTWARE is not possible",
            ),
            (
                MAIN,
                27,
                "alicloud_kms_key.lower_case",
                "protection_level 'hsm' is neither SOFTWARE nor HSM; priced as HSM",
            ),
        ],
    ),
    "KMS008": (
        1,
        [
            (
                MAIN,
                8,
                "alicloud_kms_key.asymmetric",
                "automatic rotation is not available for asymmetric key spec EC_P256: add versions with alicloud_kms_key_version instead",
            ),
            (
                MAIN,
                15,
                "alicloud_kms_key.imported",
                "a key with imported key material (origin EXTERNAL) cannot rotate automatically",
            ),
            (
                MAIN,
                21,
                "alicloud_kms_key.no_interval",
                "automatic rotation is enabled without rotation_interval, which the API rejects; set one between 7d and 730d",
            ),
            (
                MAIN,
                27,
                "alicloud_kms_key.words",
                "rotation_interval '30 days' is not <integer><d|h|m|s> (for example \"90d\")",
            ),
            (
                MAIN,
                33,
                "alicloud_kms_key.too_short",
                "rotation_interval 12h (0.5 days) is outside the allowed 7–730 days",
            ),
            (
                MAIN,
                39,
                "alicloud_kms_key.too_long",
                "rotation_interval 731d (731 days) is outside the allowed 7–730 days",
            ),
        ],
    ),
    "KMS009": (
        0,
        [
            (
                MAIN,
                5,
                "alicloud_kms_key.missing",
                "pending_window_in_days is not set: terraform destroy cannot schedule the key's deletion and fails, and the key "
                "stays billed ($0.99 a month); set pending_window_in_days (7–366)",
            ),
            (
                MAIN,
                10,
                "alicloud_kms_key.too_long",
                "pending_window_in_days 400 is outside the allowed 7–366 days",
            ),
        ],
    ),
    "KMS010": (
        1,
        [
            (
                MAIN,
                15,
                "alicloud_kms_key.typo",
                "region 'ap-southest-1' (from provider alicloud ({dir}/main.tf:2)) is not a known Alibaba Cloud region "
                "(did you mean 'ap-southeast-1'?); priced as mainland China",
            ),
            (
                MAIN,
                21,
                "alicloud_kms_key.sm4",
                "Aliyun_SM4 keys exist only in mainland China, but region ap-southeast-1 (from provider alicloud.singapore "
                "({dir}/main.tf:7)) is outside mainland China",
            ),
            (
                MAIN,
                28,
                "alicloud_kms_key.hsm",
                "managed HSM is not offered in me-east-1 (from provider alicloud.dubai ({dir}/main.tf:12)): an HSM key cannot be created there",
            ),
        ],
    ),
    "KMS011": (
        0,
        [
            (
                MAIN,
                11,
                "alicloud_kms_key_version.rsa_v2",
                "destroying alicloud_kms_key_version does not delete the key version: it stays billed at $0.99 a month "
                "($0.033 a day) for as long as alicloud_kms_key.rsa exists",
            ),
            (
                MAIN,
                22,
                "alicloud_kms_key_version.signing_v2",
                "destroying alicloud_kms_key_version does not delete the key version: it stays billed at $2.49 a month "
                "($0.083 a day) for as long as alicloud_kms_key.signing exists",
            ),
            (
                MAIN,
                28,
                "alicloud_kms_key.retired",
                'status = "PendingDeletion" is ignored by the alicloud provider (it only applies Enabled and Disabled): the key '
                "is not scheduled for deletion and stays billed ($0.99 a month); remove the resource and let terraform destroy "
                "schedule the deletion",
            ),
        ],
    ),
    "KMS012": (
        0,
        [
            (
                MAIN,
                9,
                "alicloud_kms_key.old",
                "the key is Disabled but still pays hosting: $0.99 a month for 1 version(s)",
            ),
            (
                MAIN,
                14,
                "alicloud_kms_key.legacy_flag",
                "the key is Disabled but still pays hosting: $0.06 a month for 1 version(s)",
            ),
        ],
    ),
    "KMS014": (
        0,
        [
            (
                MAIN,
                5,
                "alicloud_kms_key.legacy",
                "this key is billed under KMS 1.0, which reached End of Service on 2025-09-30: $0.99 a month now; in a "
                "pay-as-you-go software instance its versions would cost $0.90 a month (-$0.09) and its calls nothing (the "
                "instance fee, from $135.00 a month, is shared by all its keys; see kmslint migrate)",
            ),
        ],
    ),
    "KMS015": (
        0,
        [
            (
                MAIN,
                5,
                "alicloud_kms_key.disks",
                "this key is used only by alicloud_ecs_disk.data, which could encrypt with a free service key instead: "
                "dropping it saves $0.99225 a month ($0.99225 in month 12)",
            ),
        ],
    ),
    "KMS016": (
        1,
        [
            (
                MAIN,
                8,
                "alicloud_kms_instance.main",
                "the 90 key(s) in this instance need more key versions than its key quota of 1,000 (key_num) from "
                "month 3 (day 77); by month 12 they need 4,680 versions: every key version uses one unit of quota, "
                "and rotation adds one each interval",
            ),
        ],
    ),
    "KMS017": (
        1,
        [
            (
                MAIN,
                8,
                "alicloud_kms_instance.main",
                "2 secret(s) are in this instance, over its secret quota of 1 (secret_num)",
            ),
        ],
    ),
    "KMS018": (
        0,
        [
            (
                MAIN,
                8,
                "alicloud_kms_instance.main",
                "peak_qps 1500 (usage file) is over this instance's QPS spec of 1,000: calls beyond it are throttled",
            ),
        ],
    ),
    "KMS019": (
        1,
        [
            (
                MAIN,
                13,
                "alicloud_kms_key.app",
                "rotation every 400 days is outside the 7-365 days a key of software instance "
                "alicloud_kms_instance.main allows (KMS 1.0 allowed up to 730)",
            ),
        ],
    ),
}

# rule -> exit code of the passing fixture
PASSES = {rule: 0 for rule in FIRES}


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_rule_fires(tmp_path: Path, rule_id: str) -> None:
    case = stage(tmp_path, f"{rule_id}/fires")
    exit_code, expected = FIRES[rule_id]
    run = check(case)
    wanted = [
        (str(case / file), line, address, message.replace("{dir}", str(case)))
        for file, line, address, message in expected
    ]
    assert run.where(rule_id) == wanted
    assert run.exit_code == exit_code, run.stderr
    for finding in run.findings(rule_id):
        assert (
            finding["link"]
            == f"https://github.com/kmslint/kmslint/blob/v{__version__}/docs/rules/{rule_id}.md"
        )


@pytest.mark.parametrize("rule_id", sorted(PASSES))
def test_rule_passes(tmp_path: Path, rule_id: str) -> None:
    case = stage(tmp_path, f"{rule_id}/passes")
    run = check(case)
    assert run.where(rule_id) == []
    assert run.exit_code == PASSES[rule_id], run.stderr


def test_every_builtin_rule_but_the_diff_rule_has_a_fixture() -> None:
    from kmslint.policy.catalogue import builtin_rules

    assert {r.id for r in builtin_rules() if r.scope == "check"} == set(FIRES)
