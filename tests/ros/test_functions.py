"""Evaluating template values: references, computing functions, pseudo parameters, NoValue."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kmslint.ros.values import RosRef, Unknown
from tests.ros.support import resources, template, write


def value_of(
    tmp_path: Path,
    expression: str,
    parameters: dict[str, Any] | None = None,
    extra: str = "",
    region: str | None = None,
) -> Any:
    """The evaluated property ``V`` of a resource whose value is ``expression`` (YAML text)."""
    body = (
        extra
        + f"Resources:\n  Thing:\n    Type: Test::Thing\n    Properties:\n      V: {expression}\n"
    )
    path = write(tmp_path, "t.yml", template(body))
    return resources(path, parameters, region)["Thing"].properties.get("V", "<removed>")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("!Join ['-', [a, 1, true]]", "a-1-true"),
        ("!Sub 'x-${!Literal}-y'", "x-${Literal}-y"),
        ("!Sub ['${A}/${B}', {A: one, B: 2}]", "one/2"),
        ("!Select [1, [a, b, c]]", "b"),
        ("!Select [-1, [a, b, c]]", "c"),
        ("!Select [5, [a, b], fallback]", "fallback"),
        ("!Select ['0:2', [a, b, c]]", ["a", "b"]),
        ("!Select [k, {k: v}]", "v"),
        ("!Split [',', 'a,b,c']", ["a", "b", "c"]),
        ("!Replace [{print: echo, x: y}, 'print x']", "echo y"),
        ("!Str 42", "42"),
        ("!Add [1, 2, 3.5]", Decimal("6.5")),
        ("!Add [[a], [b]]", ["a", "b"]),
        ("!Max [1.1, 2, 3]", 3),
        ("!Min [1.1, 2, 3]", Decimal("1.1")),
        ("!Length [a, b, c]", 3),
        ("!Length abcd", 4),
        ("!Index [b, [a, b, c]]", 1),
        ("!Index [z, [a, b]]", ""),
        ("!ListMerge [[a], [b, c]]", ["a", "b", "c"]),
        ("!Base64Encode 'ALIYUN ROS'", "QUxJWVVOIFJPUw=="),
        ("!Base64Decode QUxJWVVOIFJPUw==", "ALIYUN ROS"),
        ("!Equals [1, '1']", True),
        ("{'Fn::Select': [0, {'Fn::Split': [',', 'HSM,SOFTWARE']}]}", "HSM"),
    ],
)
def test_computing_functions(tmp_path: Path, expression: str, expected: Any) -> None:
    assert value_of(tmp_path, expression) == expected


def test_parameters_and_mappings(tmp_path: Path) -> None:
    extra = (
        "Parameters:\n  Tier: {Type: String, Default: advanced}\n  Size: {Type: Number, Default: 2}\n"
        "Mappings:\n  Specs:\n    basic: {Spec: Aliyun_AES_256}\n    advanced: {Spec: RSA_3072}\n"
    )
    assert value_of(tmp_path, "!FindInMap [Specs, !Ref Tier, Spec]", extra=extra) == "RSA_3072"
    assert (
        value_of(tmp_path, "!FindInMap [Specs, !Ref Tier, Spec]", {"Tier": "basic"}, extra=extra)
        == "Aliyun_AES_256"
    )
    assert value_of(tmp_path, "!Add [!Ref Size, 1]", {"Size": "40"}, extra=extra) == 41


def test_pseudo_parameters(tmp_path: Path) -> None:
    assert value_of(tmp_path, "!Ref ALIYUN::Region", region="cn-hangzhou") == "cn-hangzhou"
    unknown = value_of(tmp_path, "!Ref ALIYUN::Region")
    assert isinstance(unknown, Unknown) and "ALIYUN::Region is not given" in unknown.reason
    assert isinstance(value_of(tmp_path, "!Ref ALIYUN::AccountId"), Unknown)
    assert (
        value_of(tmp_path, "!Ref ALIYUN::StackName", {"ALIYUN::StackName": "prod-stack"})
        == "prod-stack"
    )
    assert value_of(tmp_path, "!Ref ALIYUN::NoValue") == "<removed>"
    assert value_of(tmp_path, "[a, !Ref ALIYUN::NoValue, b]") == ["a", "b"]
    assert value_of(tmp_path, "{A: 1, B: !Ref ALIYUN::NoValue}") == {"A": 1}


def test_index_inside_count(tmp_path: Path) -> None:
    body = "Resources:\n  K:\n    Type: Test::Thing\n    Count: 3\n    Properties:\n      Name: !Sub 'key-${ALIYUN::Index}'\n      Pick: !Select [!Ref ALIYUN::Index, [a, b, c]]\n"
    found = resources(write(tmp_path, "t.yml", template(body)))
    assert list(found) == ["K[0]", "K[1]", "K[2]"]
    assert [r.properties["Name"] for r in found.values()] == ["key-0", "key-1", "key-2"]
    assert [r.properties["Pick"] for r in found.values()] == ["a", "b", "c"]


def test_unsupported_functions_are_unknown_with_the_name(tmp_path: Path) -> None:
    for expression, name in (
        ("!GetAZs cn-hangzhou", "Fn::GetAZs"),
        ("!Jq [First, '.a', '{}']", "Fn::Jq"),
        ("{'Fn::Whatever': 1}", "Fn::Whatever"),
    ):
        value = value_of(tmp_path, expression)
        assert isinstance(value, Unknown) and value.reason == f"{name} is not evaluated by kmslint"


def test_unknown_parameters_make_functions_unknown(tmp_path: Path) -> None:
    extra = "Parameters:\n  Env: {Type: String}\n"
    value = value_of(tmp_path, "!Join ['-', [!Ref Env, x]]", extra=extra)
    assert isinstance(value, Unknown) and "parameter Env has no Default" in value.reason


def test_references_to_resources_carry_the_logical_id(tmp_path: Path) -> None:
    body = (
        "Resources:\n"
        "  Key: {Type: ALIYUN::KMS::Key}\n"
        "  Pool: {Type: ALIYUN::KMS::Key, Count: 2}\n"
        "  Disk:\n    Type: ALIYUN::ECS::Disk\n    Count: 2\n    Properties:\n"
        "      KMSKeyId: !GetAtt [Key, KeyId]\n"
        "      ByRef: !Ref Key\n"
        "      ByDot: !GetAtt Key.KeyId\n"
        "      Mine: !Select [!Ref ALIYUN::Index, !GetAtt [Pool, KeyId]]\n"
        "      Joined: !Join ['', [!Ref Key]]\n"
    )
    found = resources(write(tmp_path, "t.yml", template(body)))
    disk = found["Disk[1]"].properties
    assert disk["KMSKeyId"] == RosRef(disk["KMSKeyId"].reason, "Key", "KeyId", "Key")
    assert isinstance(disk["ByRef"], RosRef) and (
        disk["ByRef"].logical_id,
        disk["ByRef"].attribute,
    ) == ("Key", "Ref")
    assert disk["ByDot"].address == "Key"
    assert isinstance(disk["Mine"], RosRef) and (disk["Mine"].address, disk["Mine"].logical_id) == (
        "Pool[1]",
        "Pool",
    )
    assert isinstance(disk["Joined"], Unknown) and not isinstance(disk["Joined"], RosRef)
    assert found["Disk[0]"].property_lines["KMSKeyId"] == 9


def test_reference_to_a_resource_whose_condition_is_false(tmp_path: Path) -> None:
    body = (
        "Conditions:\n  Never: !Equals [a, b]\n"
        "Resources:\n  Key: {Type: ALIYUN::KMS::Key, Condition: Never}\n"
        "  Disk:\n    Type: ALIYUN::ECS::Disk\n    Properties:\n      KMSKeyId: !Ref Key\n"
    )
    found = resources(write(tmp_path, "t.yml", template(body)))
    assert "Key" not in found
    value = found["Disk"].properties["KMSKeyId"]
    assert isinstance(value, Unknown) and not isinstance(value, RosRef)
