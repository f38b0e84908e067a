"""Small Terraform trees written on the fly, scanned in-process: the report scenarios.

Trees are written under the current directory (tests chdir into ``tmp_path``) so reports name
their files relatively and goldens do not depend on where the tests run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kmslint.diff import diff_documents
from tests.formatters.support import checked

PROVIDER = (
    'terraform {\n  required_providers {\n    alicloud = { source = "aliyun/alicloud" }\n  }\n}\n'
)
USAGE = (
    "version: 1\nresource_type_default_usage:\n  alicloud_kms_key: {monthly_crypto_calls: 10000}\n"
)
BASE_LABEL = {"label": "main (0123456789ab)"}


def key(
    name: str,
    *,
    rotation: str | None = None,
    protection: str = "SOFTWARE",
    spec: str = "Aliyun_AES_256",
) -> str:
    """A key block; ``rotation`` (``"30d"``) turns automatic rotation on."""
    lines = [
        f'resource "alicloud_kms_key" "{name}" {{',
        f'  key_spec               = "{spec}"',
        f'  protection_level       = "{protection}"',
        "  pending_window_in_days = 7",
    ]
    if rotation:
        lines += [
            '  automatic_rotation     = "Enabled"',
            f'  rotation_interval      = "{rotation}"',
        ]
    return "\n".join([*lines, "}", ""])


def tree(root: Path, *blocks: str, usage: bool = True) -> Path:
    """A root module with these blocks (and a usage file giving every key 10,000 calls)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.tf").write_text(PROVIDER + "\n".join(blocks), encoding="utf-8")
    if usage:
        (root / "kmslint-usage.yml").write_text(USAGE, encoding="utf-8")
    return root


def document(root: Path) -> dict[str, Any]:
    return dict(checked(root).to_json())


def diff(before: list[str], after: list[str], where: str = "infra") -> dict[str, Any]:
    """The diff document of ``kmslint diff`` between two versions of one tree."""
    base = document(tree(Path("base") / where, *before))
    new = document(tree(Path(where), *after))
    for resource in base["resources"]:  # the base was checked out elsewhere: same project name
        resource["project"] = resource["project"].removeprefix("base/")
    return diff_documents(base, new, BASE_LABEL)


def many_keys(count: int, rotation: str = "30d", protection: str = "HSM") -> list[str]:
    return [key(f"k{i}", rotation=rotation, protection=protection) for i in range(count)]
