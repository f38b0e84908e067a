"""Custom declarative rules from --rules-dir, their errors, and the matcher itself."""

from __future__ import annotations

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from kmslint.policy.match import compile_match, evaluate
from kmslint.yamlsafe import Problems, load_round_trip
from tests.helpers import run_cli
from tests.policy.support import FIXTURES, check, stage


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return stage(tmp_path, "custom")


def test_software_keys_forbidden_in_prod(custom: Path) -> None:
    run = check(custom / "prod", "--rules-dir", custom / "rules")
    [finding] = run.findings("ORG001")
    assert (finding["file"], finding["line"], finding["address"]) == (
        str(custom / "prod" / "main.tf"),
        6,
        "alicloud_kms_key.prod_software",
    )
    assert (
        finding["message"]
        == "SOFTWARE key tagged env=prod: prod keys must be HSM ($0.06 a month today)"
    )
    assert (finding["severity"], finding["rule_name"], finding["link"]) == (
        "error",
        "no-software-keys-in-prod",
        "https://wiki.example.com/security/kms",
    )
    assert run.exit_code == 1
    assert (
        run.last_stderr_line == "9 findings: 1 error, 0 warnings, 8 infos"
    )  # ORG001, and KMS006 and KMS014 on each of the 4 keys


def test_param_operand_follows_config(custom: Path) -> None:
    run = check(custom / "prod", "--rules-dir", custom / "rules")
    assert run.where("ORG002") == []  # prod_hsm costs $1.98 by month 12, under the default 5
    (custom / "prod" / ".kmslint.yaml").write_text(
        "rules:\n  ORG002:\n    params: {max_monthly_usd: 1.5}\n"
    )
    run = check(custom / "prod", "--rules-dir", custom / "rules")
    assert run.where("ORG002") == [
        (
            str(custom / "prod" / "main.tf"),
            13,
            "alicloud_kms_key.prod_hsm",
            "alicloud_kms_key.prod_hsm costs $1.98 a month by month 12 (limit 1.5)",
        ),
    ]


def test_rules_dir_from_config(custom: Path) -> None:
    (custom / "prod" / ".kmslint.yaml").write_text(
        "rules_dir: ../rules\nrules:\n  ORG001: {severity: warning}\n"
    )
    run = check(custom / "prod")
    assert [(f["rule_id"], f["severity"]) for f in run.findings("ORG001")] == [
        ("ORG001", "warning")
    ]
    assert run.exit_code == 0


def test_custom_rule_in_rules_listing_and_docs(custom: Path) -> None:
    listing = run_cli("rules", "--rules-dir", str(custom / "rules"))
    assert listing.exit_code == 0
    assert (
        "ORG001  no-software-keys-in-prod  error     yes      Software keys are forbidden where tag env = prod."
        in listing.stdout
    )
    page = run_cli("rules", "ORG001", "--rules-dir", str(custom / "rules"))
    assert page.exit_code == 0
    assert page.stdout.startswith("# ORG001: no-software-keys-in-prod\n")
    assert "      equals: prod" in page.stdout


BROKEN = {
    "operator.yaml": (
        "id: BAD001\nname: bad\nseverity: error\nsummary: s\nmatch:\n  field: key_spec\n  equal: EC_P256\n",
        ["{path}:7: unknown operator 'equal' (did you mean 'equals'?)"],
    ),
    "field.yaml": (
        "id: BAD002\nname: bad\nseverity: error\nsummary: s\nmatch:\n  all:\n    - field: protection\n      equals: HSM\n",
        ["{path}:7: unknown field 'protection' (did you mean 'protection_level'?)"],
    ),
    "yaml.yaml": (
        "id: BAD003\nname: [bad\n",
        [
            "{path}:3: invalid YAML: while parsing a flow sequence; expected ',' or ']', but got '<stream end>'"
        ],
    ),
    "neither.yaml": (
        "id: BAD004\nname: bad\nseverity: error\nsummary: s\n",
        [
            "{path}:1: a rule needs exactly one of 'check' (a built-in check) or 'match' (a declarative condition)"
        ],
    ),
    "regex.yaml": (
        "id: BAD005\nname: bad\nseverity: error\nsummary: s\nmatch:\n  field: address\n  regex: '(unclosed'\n",
        ["{path}:7: regex on 'address': invalid regular expression: missing ): (unclosed"],
    ),
    "duplicate.yaml": (
        "id: KMS003\nname: mine\nseverity: error\nsummary: s\nmatch: {field: billed, equals: true}\n",
        ["{path}:1: rule id KMS003 is already defined by rules/KMS003.yaml"],
    ),
    "kinds.yaml": (
        "id: BAD006\nname: bad\nseverity: fatal\nsummary: s\nmatch:\n  field: key_spec\n  gt: 3\nmessage: '{cost}'\n",
        [
            "{path}:3: severity must be one of info, warning, error, got 'fatal'",
            "{path}:7: gt on 'key_spec': string fields cannot be compared with gt",
            "{path}:8: message placeholder {{cost}} is not a key field",
        ],
    ),
    "unknown-key.yaml": (
        "id: BAD007\nname: bad\nseverity: info\nsumary: s\nmatch: {field: billed, exists: true}\n",
        [
            "{path}:4: unknown key 'sumary' in a rule (did you mean 'summary'?)",
            "{path}:1: missing required key 'summary'",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_malformed_rule_file_is_an_error_with_its_line(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git").mkdir()
    rules = tmp_path / "rules"
    rules.mkdir()
    text, expected = BROKEN[name]
    path = rules / name
    path.write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES / "custom" / "prod", tmp_path / "prod")
    result = run_cli("check", str(tmp_path / "prod"), "--rules-dir", str(rules))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line.format(path=path) for line in expected]
    assert "Traceback" not in result.output


def test_missing_rules_dir_is_an_error(tmp_path: Path) -> None:
    result = run_cli(
        "check", str(FIXTURES / "custom" / "prod"), "--rules-dir", str(tmp_path / "nope")
    )
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope'}: rules directory not found\n"


# -- the matcher ----------------------------------------------------------------------------
FIELDS: dict[str, Any] = {
    "address": "alicloud_kms_key.app[0]",
    "key_spec": "EC_P256",
    "protection_level": "HSM",
    "monthly_cost": Decimal("0.99225"),
    "rotation_days": Fraction(1, 2),
    "versions_horizon": 13,
    "usage_known": True,
    "api_cost": None,
    "tags": {"env": "prod", "team": "payments"},
}


def _match(yaml_text: str, params: dict[str, Any] | None = None) -> bool:
    problems = Problems("test.yaml")
    condition = compile_match(load_round_trip(yaml_text, "test.yaml"), 1, problems, params or {})
    assert problems.diagnostics == [] and condition is not None
    return evaluate(condition, FIELDS, params or {})


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{field: key_spec, equals: EC_P256}", True),
        ("{field: key_spec, in: [RSA_3072, EC_P256]}", True),
        ("{field: key_spec, not_in: [RSA_3072, EC_P256]}", False),
        ("{field: monthly_cost, gt: 0.99225}", False),
        ("{field: monthly_cost, gte: 0.99225}", True),
        ("{field: monthly_cost, lt: 0.99226, gt: 0.99224}", True),
        ("{field: monthly_cost, equals: 0.99225}", True),
        ("{field: rotation_days, lt: 0.6}", True),
        ("{field: versions_horizon, lte: 12}", False),
        ("{field: address, regex: '\\[0\\]$'}", True),
        ("{field: tags.env, equals: prod}", True),
        ("{field: tags.owner, exists: false}", True),
        ("{field: tags.owner, not_in: [a]}", False),  # a missing value satisfies only exists: false
        ("{field: api_cost, exists: false}", True),
        ("{field: usage_known, equals: true}", True),
        ("{field: usage_known, equals: 'true'}", False),  # booleans match only booleans
        ("{not: {field: protection_level, equals: SOFTWARE}}", True),
        ("{any: [{field: key_spec, equals: RSA_2048}, {field: tags.team, regex: '^pay'}]}", True),
        ("{all: [{field: key_spec, equals: EC_P256}, {field: tags.env, equals: dev}]}", False),
    ],
)
def test_match_operators(condition: str, expected: bool) -> None:
    assert _match(condition) is expected


def test_param_operand_reads_params() -> None:
    assert _match("{field: versions_horizon, gt: {param: limit}}", {"limit": 12}) is True
    assert _match("{field: versions_horizon, gt: {param: limit}}", {"limit": 13}) is False
