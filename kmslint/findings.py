"""Policy findings: what a rule found, where, and how serious it is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kmslint.yamlsafe import did_you_mean

SEVERITIES = ("info", "warning", "error")
DOCS_BASE = "https://github.com/kmslint/kmslint/blob/main/docs/rules"


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def rule_link(rule_id: str) -> str:
    return f"{DOCS_BASE}/{rule_id}.md"


def rule_id_hint(name: str, rule_ids: Iterable[str]) -> str:
    """Did-you-mean for a rule id: ``kms3`` / ``KMS03`` mean ``KMS003``; else the closest id."""
    ids = list(rule_ids)
    match = re.match(r"^([A-Za-z]+)0*(\d{1,3})$", name.strip())
    if match:
        padded = f"{match.group(1).upper()}{int(match.group(2)):03d}"
        if padded in ids and padded != name:
            return f" (did you mean {padded!r}?)"
    return did_you_mean(name, ids)


@dataclass
class Finding:
    rule_id: str
    rule_name: str
    severity: str
    message: str
    address: str | None
    file: str | None
    line: int | None
    end_line: int | None = None
    link: str = ""
    suppressed: bool = False
    suppression_reason: str | None = None
    from_assumption: bool = False  # caused by assumed values only (never an error finding)

    def __post_init__(self) -> None:
        if not self.link:
            self.link = rule_link(self.rule_id)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "severity": self.severity,
            "message": self.message,
            "address": self.address,
            "file": self.file,
            "line": self.line,
            "end_line": self.end_line,
            "link": self.link,
        }
        if self.suppressed:
            data["suppressed"] = True
            data["suppression_reason"] = self.suppression_reason
        return data
