"""kmslint against the real ``terraform`` binary on twin configurations (see twins.py).

Skipped, with the reason, when no ``terraform`` is on PATH. One Terraform root holds all the
cases of a run, so one ``init`` + ``plan`` + ``show -json`` covers them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.differential import twins
from tests.differential.cases import HAND_WRITTEN
from tests.differential.generator import generate

pytestmark = pytest.mark.skipif(
    twins.terraform_binary() is None,
    reason="terraform is not on PATH: the differential test needs the real binary",
)
GENERATED_CASES = 160


def test_hand_written_cases_match_terraform_and_state_no_unknowns(tmp_path: Path) -> None:
    outcome = twins.run_differential(HAND_WRITTEN, tmp_path)
    assert outcome.rejected == []
    assert outcome.compared == len(HAND_WRITTEN)
    assert outcome.mismatches == {}
    assert twins.STATED == []  # Terraform knows every value here, and so must kmslint


def test_generated_cases_have_no_silent_mismatch(tmp_path: Path) -> None:
    cases = generate(GENERATED_CASES, seed=11)
    outcome = twins.run_differential(cases, tmp_path)
    assert outcome.compared >= 150
    assert outcome.mismatches == {}


def test_the_harness_sees_a_divergence(tmp_path: Path) -> None:
    """A case whose twin differs on purpose is reported, so a green run means something."""
    case = twins.Case(
        "planted",
        {"main.tf": 'resource "alicloud_kms_key" "NS_k" {\n  key_spec = "A"\n}\n'},
    )
    plan, rejected = twins.plan_with_terraform({"c0_": case.prefixed("c0_")}, tmp_path)
    theirs = twins.terraform_keys(plan)
    ours = twins.estimate_with_kmslint([case.prefixed("c0_")], tmp_path)
    ours["alicloud_kms_key.c0_k"]["key_spec"] = "B"
    assert rejected == set()
    assert twins.compare(theirs, ours) == {
        "c0_": ["alicloud_kms_key.c0_k: key_spec is 'A' in Terraform, 'B' here"]
    }
