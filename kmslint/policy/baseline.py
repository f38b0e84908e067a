"""Baseline files: record today's findings (address + rule id) so only new ones fail the build.

The file is JSON, or YAML when its name ends in ``.yml`` / ``.yaml``::

    {"version": 1, "findings": [{"rule_id": "KMS003", "address": "alicloud_kms_key.a",
                                 "file": "main.tf", "line": 8, "message": "..."}]}

Only ``rule_id`` and ``address`` are matched; ``file``, ``line`` and ``message`` are there for
the reader. Findings of rules marked ``ignorable: false`` are neither recorded nor hidden.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from kmslint.errors import InputError
from kmslint.findings import Finding
from kmslint.yamlsafe import Problems, item_line, key_line, type_name

BASELINE_VERSION = 1
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class Baseline:
    path: str
    entries: set[tuple[str, str | None]] = field(default_factory=set)

    def __contains__(self, finding: Finding) -> bool:
        return (finding.rule_id, finding.address) in self.entries


def baseline_entries(
    findings: list[Finding], ignorable: Callable[[str], bool]
) -> list[dict[str, Any]]:
    """One entry per active, ignorable finding, deduplicated by (rule id, address)."""
    entries: dict[tuple[str, str | None], dict[str, Any]] = {}
    for finding in findings:
        if finding.suppressed or not ignorable(finding.rule_id):
            continue
        entries.setdefault(
            (finding.rule_id, finding.address),
            {
                "rule_id": finding.rule_id,
                "address": finding.address,
                "file": finding.file,
                "line": finding.line,
                "message": finding.message,
            },
        )
    return [entries[k] for k in sorted(entries, key=lambda k: (k[0], k[1] or ""))]


def write_baseline(path: Path, findings: list[Finding], ignorable: Callable[[str], bool]) -> int:
    """Write the baseline file; returns how many entries it holds."""
    entries = baseline_entries(findings, ignorable)
    document = {"version": BASELINE_VERSION, "findings": entries}
    if path.suffix in YAML_SUFFIXES:
        from ruamel.yaml import YAML

        stream = StringIO()
        yaml = YAML(typ="rt")
        yaml.default_flow_style = False
        yaml.width = 4096
        yaml.indent(mapping=2, sequence=4, offset=2)
        yaml.dump(document, stream)
        text = stream.getvalue()
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    from kmslint.safeio import write_text

    write_text(path, text)
    return len(entries)


def _entries(document: Any, problems: Problems) -> set[tuple[str, str | None]]:
    if not isinstance(document, Mapping) or not isinstance(document.get("findings"), list):
        problems.error(
            1,
            "a baseline must be a mapping with a 'findings' list (create one with --create-baseline)",
        )
        return set()
    items = document["findings"]
    entries: set[tuple[str, str | None]] = set()
    for index, item in enumerate(items):
        line = item_line(items, index)
        if not isinstance(item, Mapping) or not isinstance(item.get("rule_id"), str):
            problems.error(line, f"each baseline entry needs a rule_id, got {type_name(item)}")
            continue
        address = item.get("address")
        if address is not None and not isinstance(address, str):
            problems.error(
                key_line(item, "address"),
                f"address must be a string or null, got {type_name(address)}",
            )
            continue
        entries.add((str(item["rule_id"]), None if address is None else str(address)))
    return entries


def load_baseline(path: Path, named_by_pipeline: bool = True) -> Baseline:
    """Read a baseline file (JSON or YAML); raises InputError / DiagnosticsError with lines."""
    from kmslint.safeio import read_text
    from kmslint.trustedtree import display
    from kmslint.yamlsafe import load_round_trip

    if not os.path.lexists(path):
        raise InputError(
            str(path), None, "baseline file not found (create it with --create-baseline)"
        )
    shown = display(path)  # REF:path for the baseline of --trusted-config-from
    text = read_text(path, shown, named_by_pipeline=named_by_pipeline)
    problems = Problems(shown)
    entries = _entries(load_round_trip(text, shown), problems)
    problems.raise_if_any()
    return Baseline(shown, entries)


def apply_baseline(
    findings: list[Finding], baseline: Baseline, ignorable: Callable[[str], bool]
) -> int:
    """Hide active findings recorded in the baseline; returns how many were hidden."""
    hidden = 0
    for finding in findings:
        if not finding.suppressed and finding in baseline and ignorable(finding.rule_id):
            finding.suppressed = True
            finding.suppression_reason = f"in baseline {baseline.path}"
            hidden += 1
    return hidden
