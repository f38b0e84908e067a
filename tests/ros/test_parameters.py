"""Parameters: Default (with null), the five Types, values from the CLI and usage file, checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kmslint.ros.parameters import BadValue, convert
from kmslint.ros.values import Unknown
from tests.ros.support import cli, resources, template, write

PARAMETERS = """Parameters:
  Name: {Type: String, Default: app, MinLength: 2, MaxLength: 8}
  Copies: {Type: Number, Default: 2, MinValue: 1, MaxValue: 5}
  Ratio: {Type: Number, Default: 0.25}
  Zones: {Type: CommaDelimitedList, Default: 'a, b'}
  Flag: {Type: Boolean, Default: false}
  Settings: {Type: Json, Default: {spec: EC_P256}}
  Nothing: {Type: String, Default: null}
  Missing: {Type: String}
  Level: {Type: String, AllowedValues: [SOFTWARE, HSM], Default: HSM}
Resources:
  Probe:
    Type: Test::Thing
    Properties:
"""
NAMES = ("Name", "Copies", "Ratio", "Zones", "Flag", "Settings", "Nothing", "Missing", "Level")


def values(tmp_path: Path, given: dict[str, Any]) -> dict[str, Any]:
    body = PARAMETERS + "".join(f"      {name}: {{Ref: {name}}}\n" for name in NAMES)
    return resources(write(tmp_path, "t.yml", template(body)), given)["Probe"].properties


def test_defaults_are_typed(tmp_path: Path) -> None:
    found = values(tmp_path, {})
    assert found["Name"] == "app" and found["Copies"] == 2 and found["Ratio"] == Decimal("0.25")
    assert (
        found["Zones"] == ["a", "b"]
        and found["Flag"] is False
        and found["Settings"] == {"spec": "EC_P256"}
    )
    assert (  # Default: null is no value: priced on a stated assumption, never silently unset
        isinstance(found["Nothing"], Unknown)
        and "parameter Nothing has Default: null" in found["Nothing"].reason
    )
    assert (
        isinstance(found["Missing"], Unknown)
        and "parameter Missing has no Default" in found["Missing"].reason
    )


def test_cli_strings_are_converted_to_the_declared_type(tmp_path: Path) -> None:
    found = values(
        tmp_path,
        {
            "Copies": "3",
            "Ratio": "1.5",
            "Zones": "x,y,z",
            "Flag": "TRUE",
            "Settings": '{"spec": "RSA_3072", "n": 1.5}',
            "Missing": "here",
        },
    )
    assert found["Copies"] == 3 and isinstance(found["Copies"], int)
    assert found["Ratio"] == Decimal("1.5")
    assert found["Zones"] == ["x", "y", "z"] and found["Flag"] is True
    assert found["Settings"] == {"spec": "RSA_3072", "n": Decimal("1.5")}
    assert found["Missing"] == "here"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("Number", "three", "'three' is not a Number"),
        ("Number", True, "a boolean is not a Number"),
        ("Boolean", "maybe", "'maybe' is not a Boolean (true or false)"),
        ("Json", "{oops", "not valid JSON"),
        ("String", ["a"], "a list is not a String"),
    ],
)
def test_values_that_do_not_fit_the_type(kind: str, value: Any, message: str) -> None:
    with pytest.raises(BadValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        convert(kind, value)


def run(tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    body = PARAMETERS + "      X: 1\n  Key: {Type: ALIYUN::KMS::Key}\n"
    path = write(tmp_path, "t.yml", template(body))
    result = cli("estimate", path, *args)
    return result.exit_code, result.stderr, path


@pytest.mark.parametrize(
    ("args", "line", "message"),
    [
        (
            ("--parameter", "Level=GOLD"),
            11,
            "parameter Level: 'GOLD' is not one of the AllowedValues ['SOFTWARE', 'HSM'] (given with --parameter or in the usage file)",
        ),
        (
            ("--parameter", "Copies=9"),
            4,
            "parameter Copies: 9 is greater than MaxValue 5 (given with --parameter or in the usage file)",
        ),
        (
            ("--parameter", "Copies=0"),
            4,
            "parameter Copies: 0 is less than MinValue 1 (given with --parameter or in the usage file)",
        ),
        (
            ("--parameter", "Name=x"),
            3,
            "parameter Name: length 1 is less than MinLength 2 (given with --parameter or in the usage file)",
        ),
        (
            ("--parameter", "Copies=lots"),
            4,
            "parameter Copies (Number): 'lots' is not a Number (given with --parameter or in the usage file)",
        ),
    ],
)
def test_bad_values_are_path_line_errors(
    tmp_path: Path, args: tuple[str, ...], line: int, message: str
) -> None:
    code, stderr, path = run(tmp_path, *args)
    assert code == 2
    assert f"{path}:{line}: {message}" in stderr.splitlines()
    assert "Traceback" not in stderr


def test_a_default_outside_the_allowed_values(tmp_path: Path) -> None:
    body = "Parameters:\n  Level:\n    Type: String\n    Default: GOLD\n    AllowedValues: [SOFTWARE, HSM]\nResources: {K: {Type: ALIYUN::KMS::Key}}\n"
    path = write(tmp_path, "t.yml", template(body))
    result = cli("estimate", path)
    assert result.exit_code == 2
    assert (
        f"{path}:6: parameter Level: 'GOLD' is not one of the AllowedValues ['SOFTWARE', 'HSM'] (the Default on line 5)"
        in result.stderr
    )


def test_usage_file_parameters(tmp_path: Path) -> None:
    body = "Parameters:\n  Copies: {Type: Number, Default: 1}\nResources:\n  K: {Type: ALIYUN::KMS::Key, Count: {Ref: Copies}}\n"
    path = write(tmp_path, "t.yml", template(body))
    write(tmp_path, "kmslint-usage.yml", "version: 1\nparameters:\n  Copies: 3\n")
    result = cli("estimate", path, "--region", "ap-southeast-1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"key_count": 3' in result.stdout
    overridden = cli(
        "estimate",
        path,
        "--region",
        "ap-southeast-1",
        "--parameter",
        "Copies=2",
        "--format",
        "json",
    )
    assert '"key_count": 2' in overridden.stdout
