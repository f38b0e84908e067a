"""Helpers for the ROS tests: write templates, run the CLI on them, price them by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import Result

from kmslint.model import Inventory
from kmslint.pricebook import load_price_book
from kmslint.ros import evaluated_resources, load_target
from kmslint.ros.resources import ResourceInstance
from tests.helpers import EXAMPLES, run_cli

ROS_EXAMPLES = EXAMPLES / "ros"
DAYS = 30
# KMS-PRICING.md §1, per version per day, and per 10,000 calls.
SOFTWARE_DAY = Decimal("0.002")
HSM_BASIC_DAY = Decimal("0.033")
HSM_ADVANCED_DAY = Decimal("0.083")
API = {
    ("basic", "outside"): Decimal("0.03"),
    ("basic", "mainland"): Decimal("0.08"),
    ("advanced", "outside"): Decimal("0.15"),
    ("advanced", "mainland"): Decimal("0.24"),
}


def hosting(daily: Decimal, versions: int = 1) -> Decimal:
    return daily * versions * DAYS


def api(calls: int, key_class: str, region_class: str) -> Decimal:
    return Decimal(calls) / 10000 * API[(key_class, region_class)]


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: Any) -> Result:
    return run_cli(*[str(a) for a in args])


def report(*args: Any) -> dict[str, Any]:
    """The JSON report of ``kmslint estimate ARGS``; the run must succeed (exit 0)."""
    result = cli("estimate", *args, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def by_address(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {resource["address"]: resource for resource in data["resources"]}


def money(value: str) -> Decimal:
    return Decimal(value)


def inventory(
    path: Path, parameters: dict[str, Any] | None = None, region: str | None = "ap-southeast-1"
) -> Inventory:
    return load_target(
        path, parameters or {}, region, "--region" if region else "", load_price_book()
    )


def resources(
    path: Path, parameters: dict[str, Any] | None = None, region: str | None = None
) -> dict[str, ResourceInstance]:
    return {r.address: r for r in evaluated_resources(path, parameters or {}, region)}


def template(body: str) -> str:
    """A template text: the version line plus ``body``."""
    return "ROSTemplateFormatVersion: '2015-09-01'\n" + body
