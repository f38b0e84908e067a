"""Conditions: Equals/And/Or/Not naming other conditions, resource Condition, Fn::If, cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmslint.errors import InputError
from kmslint.ros.values import Unknown
from tests.ros.support import resources, template, write

CONDITIONS = """Parameters:
  Env: {Type: String, Default: dev}
  Region2: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev:
    Fn::Equals: [dev, {Ref: Env}]
  NotProd: !Not [IsProd]
  ProdOrDev: !Or [IsProd, IsDev]
  DevAndNotProd: !And [IsDev, NotProd, !Equals [1, 1]]
  Unknowable: !Equals [!Ref Region2, x]
  FalseOrUnknown: !Or [IsProd, Unknowable]
  DevOrUnknown: !Or [IsDev, Unknowable]
Resources:
  Probe:
    Type: Test::Thing
    Properties:
"""
NAMES = (
    "IsProd",
    "IsDev",
    "NotProd",
    "ProdOrDev",
    "DevAndNotProd",
    "Unknowable",
    "FalseOrUnknown",
    "DevOrUnknown",
)


def probe(tmp_path: Path, parameters: dict[str, str]) -> dict[str, object]:
    body = CONDITIONS + "".join(
        f"      {name}: !If [{name}, yes-value, no-value]\n" for name in NAMES
    )
    found = resources(write(tmp_path, "t.yml", template(body)), parameters)
    return found["Probe"].properties


def test_conditions_name_other_conditions(tmp_path: Path) -> None:
    dev = probe(tmp_path, {})
    assert [dev[n] for n in NAMES[:5]] == [
        "no-value",
        "yes-value",
        "yes-value",
        "yes-value",
        "yes-value",
    ]
    assert (
        isinstance(dev["Unknowable"], Unknown)
        and "parameter Region2 has no Default" in dev["Unknowable"].reason
    )
    assert isinstance(dev["FalseOrUnknown"], Unknown)
    assert dev["DevOrUnknown"] == "yes-value"
    prod = probe(tmp_path, {"Env": "prod", "Region2": "x"})
    assert [prod[n] for n in NAMES] == [
        "yes-value",
        "no-value",
        "no-value",
        "yes-value",
        "no-value",
        "yes-value",
        "yes-value",
        "yes-value",
    ]


def test_resource_condition_removes_the_resource(tmp_path: Path) -> None:
    body = "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  ProdKey: {Type: ALIYUN::KMS::Key, Condition: IsProd}\n  Always: {Type: ALIYUN::KMS::Key}\n"
    path = write(tmp_path, "t.yml", template(body))
    assert list(resources(path)) == ["Always"]
    assert list(resources(path, {"Env": "prod"})) == ["ProdKey", "Always"]


def error(tmp_path: Path, conditions: str) -> InputError:
    path = write(
        tmp_path,
        "t.yml",
        template("Conditions:\n" + conditions + "Resources:\n  K: {Type: ALIYUN::KMS::Key}\n"),
    )
    with pytest.raises(InputError) as caught:
        resources(path)
    return caught.value


@pytest.mark.parametrize(
    ("conditions", "line", "message"),
    [
        ("  Self: !And [Self, !Equals [1, 1]]\n", 3, "condition Self refers to itself"),
        ("  Self: !Not [Self]\n", 3, "condition Self refers to itself"),
        (
            "  A: !Equals [1, 1]\n  Self:\n    Fn::Or: [A, Self]\n",
            4,
            "condition Self refers to itself",
        ),
        (
            "  A: !And [B, !Equals [1, 1]]\n  B: !Or [C, !Equals [1, 2]]\n  C: !Not [A]\n",
            3,
            "conditions refer to each other in a cycle: A -> B -> C -> A",
        ),
    ],
)
def test_a_condition_that_names_itself_is_an_error(
    tmp_path: Path, conditions: str, line: int, message: str
) -> None:
    problem = error(tmp_path, conditions)
    assert (problem.diagnostic.line, problem.diagnostic.message) == (line, message)


def test_an_unused_cycle_is_still_found(tmp_path: Path) -> None:
    problem = error(tmp_path, "  Unused: !Not [Unused]\n")
    assert problem.diagnostic.message == "condition Unused refers to itself"
