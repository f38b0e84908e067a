"""Helpers for the policy tests: stage fixtures in a private git root, run ``kmslint check``."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kmslint.config import Config
from kmslint.engine import Period, estimate
from kmslint.model import Consumer, Inventory, Key, KeyVersion
from kmslint.policy.settings import Policy, build_policy
from kmslint.pricebook import load_price_book
from kmslint.report import Report
from kmslint.usage import UsageFile
from tests.helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def stage(tmp_path: Path, name: str) -> Path:
    """Copy fixture ``name`` under ``tmp_path``, which is made a git root (config search stops there)."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    target = tmp_path / name.replace("/", "-")
    shutil.copytree(FIXTURES / name, target)
    return target


@dataclass
class Run:
    exit_code: int
    report: dict[str, Any] | None
    stdout: str
    stderr: str

    def findings(
        self, rule_id: str | None = None, suppressed: bool | None = None
    ) -> list[dict[str, Any]]:
        assert self.report is not None, self.stderr
        found = [f for f in self.report["findings"] if rule_id is None or f["rule_id"] == rule_id]
        if suppressed is not None:
            found = [f for f in found if bool(f.get("suppressed")) == suppressed]
        return found

    def where(self, rule_id: str) -> list[tuple[str, int, str | None, str]]:
        """(file, line, address, message) of each finding of ``rule_id``."""
        return [(f["file"], f["line"], f["address"], f["message"]) for f in self.findings(rule_id)]

    @property
    def last_stderr_line(self) -> str:
        return self.stderr.rstrip("\n").splitlines()[-1]


def check(*args: Any, json_output: bool = True) -> Run:
    """``kmslint check ARGS`` in-process; with ``json_output`` the report is parsed."""
    extra = ["--format", "json"] if json_output else []
    result = run_cli("check", *(str(a) for a in args), *extra)
    report = json.loads(result.stdout) if json_output and result.stdout.strip() else None
    return Run(result.exit_code, report, result.stdout, result.stderr)


def key(address: str, line: int = 1, **fields: Any) -> Key:
    """A key as a loader would produce it (defaults: SOFTWARE Aliyun_AES_256 in ap-southeast-1)."""
    from kmslint.model import SourceRange

    values: dict[str, Any] = {
        "type": "alicloud_kms_key",
        "key_spec": "Aliyun_AES_256",
        "key_usage": "ENCRYPT/DECRYPT",
        "protection_level": "SOFTWARE",
        "region": "ap-southeast-1",
    }
    values.update(fields)
    file = values.pop("file", "main.tf")
    return Key(address=address, source=SourceRange(file, line, line + 3), **values)


def consumer(
    address: str, resource_type: str, key_address: str | None, line: int = 20, file: str = "main.tf"
) -> Consumer:
    from kmslint.model import SourceRange

    return Consumer(
        address=address,
        type=resource_type,
        source=SourceRange(file, line, line + 3),
        key_address=key_address,
    )


def report_for(
    keys: list[Key],
    consumers: list[Consumer] | None = None,
    versions: list[KeyVersion] | None = None,
    calls: dict[str, Decimal | None] | None = None,
    usage: UsageFile | None = None,
) -> Report:
    """Price constructed keys (usage known, 0 calls, unless ``calls`` says otherwise)."""
    book = load_price_book()
    consumers = consumers or []
    for item in consumers:
        owner = next((k for k in keys if k.address == item.key_address), None)
        if owner is not None:
            owner.consumers.append(item)
    inventory = Inventory(keys=keys, consumers=consumers, key_versions=versions or [])
    priced = {k.address: Decimal(0) for k in keys} if calls is None else calls
    result = estimate(keys, priced, Period(12, 30), book)
    return Report(book=book, estimate=result, inventory=inventory, usage=usage or UsageFile())


def default_policy() -> Policy:
    return build_policy(Config())
