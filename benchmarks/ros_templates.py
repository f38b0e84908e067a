"""ROS at Terraform's speed: a generated tree of ROS templates, cold and warm.

    python benchmarks/ros_templates.py [--templates 900] [--key-share 0.03] [--repeat 3]

Generates a tree like aliyun/ros-templates — templates of VPCs, ECS instances, load balancers,
RAM roles and databases of about 4 KB each, YAML and JSON, short forms and long forms — of which
``--key-share`` declare KMS keys (with disks and buckets using them) and a few others use a
storage resource without a key. Times ``kmslint estimate TREE`` in a fresh process (what a
pre-commit hook or CI job pays), best of ``--repeat``:

* cold: an empty cache directory (the byte prefilter skips templates that cannot concern KMS);
* warm: the same again with the cache the cold run wrote;
* every template parsed (``--no-prefilter --no-cache``), for comparison.

The targets of issue 14 are cold <= 5 s and warm <= 1 s. The machine is shared: figures vary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = """ROSTemplateFormatVersion: '2015-09-01'
Description: {name} stack generated for the kmslint benchmark
Parameters:
  ZoneId:
    Type: String
    Default: cn-hangzhou-h
  InstanceType:
    Type: String
    AllowedValues: [ecs.g6.large, ecs.g6.xlarge, ecs.c6.large]
    Default: ecs.g6.large
  Password:
    Type: String
    NoEcho: true
    MinLength: 8
  Count:
    Type: Number
    Default: 2
    MinValue: 1
    MaxValue: 10
Conditions:
  IsProd: !Equals [!Ref ALIYUN::StackName, prod]
Mappings:
  Sizes:
    small: {Disk: 40}
    large: {Disk: 200}
Resources:
"""
NETWORK = """  Vpc{i}:
    Type: ALIYUN::ECS::VPC
    Properties:
      VpcName: !Sub '${{ALIYUN::StackName}}-vpc-{i}'
      CidrBlock: 192.168.0.0/16
  VSwitch{i}:
    Type: ALIYUN::ECS::VSwitch
    Properties:
      VpcId: !Ref Vpc{i}
      ZoneId: !Ref ZoneId
      CidrBlock: 192.168.{i}.0/24
  SecurityGroup{i}:
    Type: ALIYUN::ECS::SecurityGroup
    Properties:
      VpcId: !Ref Vpc{i}
      SecurityGroupIngress:
        - {{IpProtocol: tcp, PortRange: 22/22, SourceCidrIp: 0.0.0.0/0}}
        - {{IpProtocol: tcp, PortRange: 443/443, SourceCidrIp: 0.0.0.0/0}}
  Servers{i}:
    Type: ALIYUN::ECS::InstanceGroup
    Properties:
      VpcId: !Ref Vpc{i}
      VSwitchId: !Ref VSwitch{i}
      SecurityGroupId: !Ref SecurityGroup{i}
      ImageId: centos_7
      InstanceType: !Ref InstanceType
      Password: !Ref Password
      MaxAmount: !Ref Count
      SystemDiskCategory: cloud_essd
      SystemDiskSize: !FindInMap [Sizes, small, Disk]
      Tags:
        - {{Key: env, Value: !If [IsProd, prod, dev]}}
  Balancer{i}:
    Type: ALIYUN::SLB::LoadBalancer
    Properties:
      VpcId: !Ref Vpc{i}
      VSwitchId: !Ref VSwitch{i}
      AddressType: internet
      LoadBalancerSpec: slb.s2.small
  Role{i}:
    Type: ALIYUN::RAM::Role
    Properties:
      RoleName: !Sub '${{ALIYUN::StackName}}-role-{i}'
      AssumeRolePolicyDocument:
        Version: '1'
        Statement:
          - {{Action: 'sts:AssumeRole', Effect: Allow, Principal: {{Service: [ecs.aliyuncs.com]}}}}
"""
KEYED = """  DataKey:
    Type: ALIYUN::KMS::Key
    Properties:
      KeySpec: Aliyun_AES_256
      ProtectionLevel: HSM
      EnableAutomaticRotation: true
      RotationInterval: 365d
      PendingWindowInDays: 7
  DataDisk:
    Type: ALIYUN::ECS::Disk
    Properties:
      ZoneId: !Ref ZoneId
      Size: 100
      Encrypted: true
      KMSKeyId: !GetAtt DataKey.KeyId
"""
STORAGE = """  Logs:
    Type: ALIYUN::OSS::Bucket
    Properties:
      BucketName: !Sub '${ALIYUN::StackName}-logs'
"""
OUTPUTS = "Outputs:\n  VpcId:\n    Value: !Ref Vpc0\n"


def template(index: int, keyed: bool, storage: bool) -> str:
    body = HEADER.replace("{name}", f"stack-{index:04d}")
    body += "".join(NETWORK.format(i=i) for i in range(2))
    body += (KEYED if keyed else "") + (STORAGE if storage else "")
    return body + OUTPUTS


def generate(root: Path, templates: int, key_share: float) -> int:
    """Write the tree; returns how many templates declare a key."""
    keyed_every = max(1, round(1 / key_share)) if key_share > 0 else 0
    keys = 0
    for index in range(templates):
        keyed = bool(keyed_every) and index % keyed_every == 0
        storage = not keyed and index % 50 == 7
        keys += keyed
        directory = root / f"group-{index // 100:02d}" / f"stack-{index:04d}"
        directory.mkdir(parents=True, exist_ok=True)
        text = template(index, keyed, storage)
        if index % 4 == 3:  # a share of JSON templates, as in the real repository
            from kmslint.ros.values import plain
            from kmslint.ros.yamlload import load_document

            document = plain(load_document(text, "generated"))  # short forms as long forms
            (directory / "template.json").write_text(json.dumps(document, indent=2, default=str))
        else:
            (directory / "template.yml").write_text(text, encoding="utf-8")
    return keys


def timed(tree: Path, cache: Path, *args: str) -> tuple[float, dict]:
    environment = {**os.environ, "KMSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "kmslint", "estimate", str(tree), "--format", "json", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 2):
        raise SystemExit(result.stderr)
    return elapsed, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates", type=int, default=900)
    parser.add_argument("--key-share", type=float, default=0.03)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        tree = Path(temp) / "tree"
        keyed = generate(tree, args.templates, args.key_share)
        size = sum(p.stat().st_size for p in tree.rglob("template.*"))
        print(f"{args.templates} templates ({size / 1e6:.1f} MB), {keyed} with KMS keys")
        colds, warms = [], []
        for run in range(args.repeat):
            cache = Path(temp) / f"cache-{run}"
            cold, report = timed(tree, cache)
            warm, again = timed(tree, cache)
            assert report == again, "the warm run must give the cold run's report"
            colds.append(cold)
            warms.append(warm)
        everything, full = timed(tree, Path(temp) / "unused", "--no-prefilter", "--no-cache")
        assert full["summary"] == report["summary"], "the prefilter must not change the totals"
        print(
            f"keys found: {report['summary']['key_count']}, monthly {report['summary']['monthly_cost']}"
        )
        print(f"cold (empty cache):   best {min(colds):.2f} s of {len(colds)} (target <= 5 s)")
        print(f"warm (cache written): best {min(warms):.2f} s of {len(warms)} (target <= 1 s)")
        print(f"every template parsed (--no-prefilter --no-cache): {everything:.2f} s")


if __name__ == "__main__":
    main()
