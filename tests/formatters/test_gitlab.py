"""``--format gitlab``: a Code Quality report."""

from __future__ import annotations

import json
from pathlib import Path

from kmslint.formatters import render_document
from tests.formatters.support import FIXTURE, check_document


def test_issues_have_the_code_quality_fields(at_root: Path) -> None:
    issues = json.loads(render_document("gitlab", check_document(FIXTURE)))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        (
            "KMS003",
            "minor",
            {"path": "tests/formatters/fixtures/policy/main.tf", "lines": {"begin": 11}},
        ),
        (
            "KMS007",
            "major",
            {"path": "tests/formatters/fixtures/policy/main.tf", "lines": {"begin": 17}},
        ),
        (
            "KMS012",
            "info",
            {"path": "tests/formatters/fixtures/policy/main.tf", "lines": {"begin": 30}},
        ),
    ]
    assert issues[2]["description"] == (
        "KMS012 disabled-still-billed: alicloud_kms_key.parked: the key is Disabled but still pays hosting: $0.06 a month for 1 version(s)"
    )
    assert all(len(i["fingerprint"]) == 64 for i in issues)
    assert len({i["fingerprint"] for i in issues}) == 3


def test_fingerprints_survive_moved_lines_and_new_costs(at_root: Path) -> None:
    document = check_document(FIXTURE)
    before = [i["fingerprint"] for i in json.loads(render_document("gitlab", document))]
    for finding in document["findings"]:
        finding["line"] += 40
        finding["message"] = finding["message"].replace("$", "USD ")
    after = [i["fingerprint"] for i in json.loads(render_document("gitlab", document))]
    assert before == after
    document["findings"][0]["address"] = "alicloud_kms_key.renamed"
    renamed = [i["fingerprint"] for i in json.loads(render_document("gitlab", document))]
    assert renamed[0] != before[0]


def test_the_same_rule_twice_on_one_key_gets_two_fingerprints(at_root: Path) -> None:
    document = check_document(FIXTURE)
    document["findings"].append(dict(document["findings"][0], message="another problem"))
    fingerprints = [i["fingerprint"] for i in json.loads(render_document("gitlab", document))]
    assert len(set(fingerprints)) == len(fingerprints) == 4
