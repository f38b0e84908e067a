"""A YAML template (short forms) and its JSON twin (long forms) give identical reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.ros.support import cli, write

YAML_TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod], Default: prod}
  Copies: {Type: Number, Default: 2}
  Names: {Type: CommaDelimitedList, Default: 'alpha,beta'}
Mappings:
  Specs:
    prod: {Signing: EC_P256}
    dev: {Signing: RSA_2048}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [IsProd]
Resources:
  DataKey:
    Type: ALIYUN::KMS::Key
    Count: !Ref Copies
    Properties:
      ProtectionLevel: !If [IsProd, HSM, SOFTWARE]
      Description: !Join ['-', [data, !Select [!Ref ALIYUN::Index, !Ref Names]]]
      EnableAutomaticRotation: !Ref ALIYUN::NoValue
      Tags:
        - Key: name
          Value: !Sub '${Env}-${ALIYUN::Index}'
  SignKey:
    Type: ALIYUN::KMS::Key
    DeletionPolicy: Retain
    Properties:
      KeyUsage: SIGN/VERIFY
      KeySpec: !FindInMap [Specs, !Ref Env, Signing]
      ProtectionLevel: HSM
      PendingWindowInDays: !Max [7, !Length [a, b, c]]
  DevKey:
    Type: ALIYUN::KMS::Key
    Condition: IsDev
  Old:
    Type: ALIYUN::KMS::Key
    Properties:
      Enable: false
      EnableAutomaticRotation: true
      RotationInterval: !Join ['', [!Str 30, d]]
  Alias:
    Type: ALIYUN::KMS::Alias
    Properties:
      AliasName: alias/sign
      KeyId: !GetAtt SignKey.KeyId
"""


def _index(name: str) -> dict[str, Any]:
    return {"Ref": name}


JSON_TWIN: dict[str, Any] = {
    "ROSTemplateFormatVersion": "2015-09-01",
    "Parameters": {
        "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "prod"},
        "Copies": {"Type": "Number", "Default": 2},
        "Names": {"Type": "CommaDelimitedList", "Default": "alpha,beta"},
    },
    "Mappings": {"Specs": {"prod": {"Signing": "EC_P256"}, "dev": {"Signing": "RSA_2048"}}},
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsDev": {"Fn::Not": ["IsProd"]},
    },
    "Resources": {
        "DataKey": {
            "Type": "ALIYUN::KMS::Key",
            "Count": {"Ref": "Copies"},
            "Properties": {
                "ProtectionLevel": {"Fn::If": ["IsProd", "HSM", "SOFTWARE"]},
                "Description": {
                    "Fn::Join": [
                        "-",
                        ["data", {"Fn::Select": [_index("ALIYUN::Index"), {"Ref": "Names"}]}],
                    ]
                },
                "EnableAutomaticRotation": {"Ref": "ALIYUN::NoValue"},
                "Tags": [{"Key": "name", "Value": {"Fn::Sub": "${Env}-${ALIYUN::Index}"}}],
            },
        },
        "SignKey": {
            "Type": "ALIYUN::KMS::Key",
            "DeletionPolicy": "Retain",
            "Properties": {
                "KeyUsage": "SIGN/VERIFY",
                "KeySpec": {"Fn::FindInMap": ["Specs", {"Ref": "Env"}, "Signing"]},
                "ProtectionLevel": "HSM",
                "PendingWindowInDays": {"Fn::Max": [7, {"Fn::Length": ["a", "b", "c"]}]},
            },
        },
        "DevKey": {"Type": "ALIYUN::KMS::Key", "Condition": "IsDev"},
        "Old": {
            "Type": "ALIYUN::KMS::Key",
            "Properties": {
                "Enable": False,
                "EnableAutomaticRotation": True,
                "RotationInterval": {"Fn::Join": ["", [{"Fn::Str": "30"}, "d"]]},
            },
        },
        "Alias": {
            "Type": "ALIYUN::KMS::Alias",
            "Properties": {
                "AliasName": "alias/sign",
                "KeyId": {"Fn::GetAtt": ["SignKey", "KeyId"]},
            },
        },
    },
}
USAGE = "version: 1\ndefaults: {region: ap-southeast-1}\nresource_usage:\n  DataKey[*]: {monthly_crypto_calls: 5000}\n  SignKey: {monthly_signatures: 1000}\n"


def without_locations(value: Any, names: tuple[str, ...]) -> Any:
    """The report with file names, lines and anything that names the template file removed."""
    if isinstance(value, dict):
        return {
            k: without_locations(v, names)
            for k, v in value.items()
            if k not in ("file", "line", "end_line", "project", "usage_file")
        }
    if isinstance(value, list):
        return [without_locations(v, names) for v in value]
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, "<template>")
    return value


def reports(tmp_path: Path, *args: str) -> tuple[dict[str, Any], dict[str, Any]]:
    yaml_dir, json_dir = tmp_path / "yaml", tmp_path / "json"
    yaml_path = write(yaml_dir, "template.yml", YAML_TEMPLATE)
    json_path = write(json_dir, "template.json", json.dumps(JSON_TWIN, indent=2))
    for directory in (yaml_dir, json_dir):
        write(directory, "kmslint-usage.yml", USAGE)
    found = []
    for directory, path in ((yaml_dir, yaml_path), (json_dir, json_path)):
        result = cli("check", directory, *args, "--format", "json", "--fail-on", "error")
        assert result.exit_code in (0, 1), result.stderr
        found.append(without_locations(json.loads(result.stdout), (str(path), path.name)))
    return found[0], found[1]


@pytest.mark.parametrize("args", [(), ("--parameter", "Env=dev", "--parameter", "Copies=1")])
def test_yaml_and_json_twins_give_identical_reports(tmp_path: Path, args: tuple[str, ...]) -> None:
    from_yaml, from_json = reports(tmp_path, *args)
    assert from_yaml == from_json
    assert from_yaml["errors"] == [] and from_yaml["warnings"] == []


def test_the_twin_report_itself(tmp_path: Path) -> None:
    from_yaml, _ = reports(tmp_path)
    resources = {r["address"]: r for r in from_yaml["resources"]}
    assert list(resources) == ["DataKey[0]", "DataKey[1]", "SignKey", "Old"]
    assert resources["DataKey[1]"]["tags"] == {"name": "prod-1"}
    assert (
        resources["SignKey"]["key_spec"] == "EC_P256" and resources["Old"]["status"] == "Disabled"
    )
    assert resources["Old"]["rotation_interval"] == "30d"
