"""Each hostile one-liner of issue 16 ends within the limits with a clear answer (SECURITY.md:
"bounded time and memory"). Every case runs kmslint in a subprocess under ``run_limited``."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.security.limited import run_limited

KEY = 'resource "alicloud_kms_key" "k" {{\n  pending_window_in_days = 7\n  protection_level = "SOFTWARE"\n{body}}}\n'


def key(body: str) -> str:
    return KEY.format(body=body)


def doubling_strings() -> str:
    lines = ['  l0 = "xxxxxxxxxxxxxxxx"']
    lines += [f'  l{i} = "${{local.l{i - 1}}}${{local.l{i - 1}}}"' for i in range(1, 31)]
    return "locals {\n" + "\n".join(lines) + "\n}\n" + key("  key_spec = local.l30\n")


def doubling_lists() -> str:
    lines = ["  l0 = [1, 2]"]
    lines += [f"  l{i} = concat(local.l{i - 1}, local.l{i - 1})" for i in range(1, 31)]
    return "locals {\n" + "\n".join(lines) + "\n}\n" + key("  count = length(local.l30)\n")


def nested_replace() -> str:
    inner = "x" * 2000
    big = "y" * 2000
    value = f'{{"Fn::Replace": [{{"x": "{big}"}}, "{inner}"]}}'
    for _ in range(2):
        value = f'{{"Fn::Replace": [{{"y": "{big}"}}, {value}]}}'
    return (
        '{"ROSTemplateFormatVersion": "2015-09-01", "Resources": {"K": {"Type": "ALIYUN::KMS::Key",'
        f' "Properties": {{"KeySpec": {value}, "PendingWindowInDays": 7}}}}}}}}'
    )


def pricebook_cache_key() -> str:
    import kmslint.data

    text = (Path(kmslint.data.__file__).parent / "pricebook.yaml").read_text(encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fifo_in_cache(tmp: Path) -> dict[str, str]:
    data = tmp / "cache" / "data"
    data.mkdir(parents=True)
    os.mkfifo(data / f"{pricebook_cache_key()}.json")
    return {"KMSLINT_CACHE_DIR": str(tmp / "cache")}


@dataclass
class Case:
    name: str
    files: dict[str, str]
    exit_codes: tuple[int, ...]
    says: str  # a regex the combined output must match: the clear error or the finding
    args: tuple[str, ...] = ()
    env: Callable[[Path], dict[str, str]] | None = None
    links: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "count-1e999999999",
        {"main.tf": key("  count = 1e999999999\n")},
        (2,),
        r"main\.tf:4: .*count",
    ),
    Case(
        "status-1e999999999",
        {"main.tf": key('  status = "1e999999999"\n')},
        (0, 1, 2),
        r"alicloud_kms_key\.k",
    ),
    Case(
        "rotation-1s",
        {"main.tf": key('  automatic_rotation = "Enabled"\n  rotation_interval = "1s"\n')},
        (1,),
        r"KMS008.*7 days|KMS008.*interval",
    ),
    Case(
        "toset-range-1000000",
        {"main.tf": key("  for_each = toset(range(1000000))\n")},
        (2,),
        r"main\.tf:4: .*(range|for_each|budget|limit)",
    ),
    Case(
        "format-width",
        {"main.tf": key('  key_spec = format("%999999999s", "x")\n')},
        (1, 2),
        r"main\.tf:4: .*format.*width|format.*width",
    ),
    Case(
        "doubling-strings",
        {"main.tf": doubling_strings()},
        (1, 2),
        r"main\.tf:\d+: .*(budget|long|limit)",
    ),
    Case(
        "doubling-lists",
        {"main.tf": doubling_lists()},
        (2,),
        r"main\.tf:\d+: .*(budget|elements|limit)",
    ),
    Case(
        "module-calls-itself-twice",
        {
            "main.tf": key("")
            + 'module "a" {\n  source = "./"\n}\nmodule "b" {\n  source = "./"\n}\n'
        },
        (2,),
        r"main\.tf:\d+: .*(itself|recurs|cycle|depth|instances)",
    ),
    Case(
        "replace-redos",
        {"main.tf": key('  key_spec = replace("' + "a" * 40 + '!", "/(a+)+$/", "b")\n')},
        (0, 1, 2),
        r"main\.tf:4|KMS00[57]",
    ),
    Case(
        "custom-rule-regex-redos",
        {
            "main.tf": key('  key_spec = "' + "a" * 40 + '!"\n'),
            "policies/r.yaml": "id: ORG001\nname: redos\nseverity: error\nsummary: s\n"
            "match: {field: key_spec, regex: '(a+)+$'}\n",
        },
        (0, 1),
        r"KMS007",
        args=("--rules-dir", "policies"),
    ),
    Case(
        "blank-lines-before-source",
        {"main.tf": key("") + "\n" * 320_000 + "source = 1\n"},
        (0, 1, 2),
        r"main\.tf",
    ),
    Case(
        "ros-count-1e999999999",
        {
            "t.yaml": "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  K:\n    Type: ALIYUN::KMS::Key\n"
            "    Count: 1e999999999\n    Properties: {PendingWindowInDays: 7}\n"
        },
        (2,),
        r"t\.yaml:5: .*(Count|number)",
    ),
    Case(
        "ros-nested-replace",
        {"t.json": nested_replace()},
        (1, 2),
        r"t\.json:\d+: .*(more than|limit|budget)",
    ),
    Case(
        "baseline-dev-zero",
        {"main.tf": key(""), ".kmslint.yaml": "baseline: /dev/zero\n"},
        (2,),
        r"\.kmslint\.yaml:1: .*(outside|regular file)",
    ),
    Case(
        "usage-file-dev-zero",
        {"main.tf": key(""), ".kmslint.yaml": "usage_file: /dev/zero\n"},
        (2,),
        r"\.kmslint\.yaml:1: .*(outside|regular file)",
    ),
    Case(
        "tfvars-fifo",
        {"main.tf": key("")},
        (2,),
        r"terraform\.tfvars: .*regular file",
        links={"terraform.tfvars": "FIFO"},
    ),
    Case("fifo-in-cache-dir", {"main.tf": key("")}, (0, 1), r"0 errors", env=fifo_in_cache),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_ends_within_limits_with_a_clear_answer(case: Case, tmp_path: Path) -> None:
    scanned = tmp_path / "repo"
    for name, text in case.files.items():
        (scanned / name).parent.mkdir(parents=True, exist_ok=True)
        (scanned / name).write_text(text, encoding="utf-8")
    for name, target in case.links.items():
        if target == "FIFO":
            os.mkfifo(scanned / name)
    env = {"KMSLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.update(case.env(tmp_path) if case.env else {})
    result = run_limited("check", ".", *case.args, cwd=scanned, env=env)
    output = result.stdout + result.stderr
    assert result.returncode in case.exit_codes, (result.returncode, output[-2000:])
    assert "internal error" not in output and "Traceback" not in output
    assert re.search(case.says, output), output[-2000:]
