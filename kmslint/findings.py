"""Policy findings: what a rule found, where, and how serious it is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kmslint import __version__
from kmslint.yamlsafe import did_you_mean, type_name

SEVERITIES = ("info", "warning", "error")
REPOSITORY = "https://github.com/kmslint/kmslint"
# The rule pages of the installed version (the release tag), not of whatever main says today.
DOCS_BASE = f"{REPOSITORY}/blob/v{__version__}/docs/rules"
RULE_ID_PLACEHOLDER = "{rule_id}"


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def rule_link(rule_id: str, link_base: str | None = None) -> str:
    """The page of a built-in rule: under ``link_base`` (``.kmslint.yaml``) when a team hosts
    the docs itself, else in the docs of the installed version. A ``link_base`` holding
    ``{rule_id}`` is a template (``https://docs.example.com/kmslint/{rule_id}/``); otherwise
    ``/<rule id>.md`` is appended, as in the repository's ``docs/rules``."""
    base = link_base or DOCS_BASE
    if RULE_ID_PLACEHOLDER in base:
        return base.replace(RULE_ID_PLACEHOLDER, rule_id)
    return f"{base.rstrip('/')}/{rule_id}.md"


def link_base_problem(value: object) -> str | None:
    """Why ``value`` cannot be a ``link_base`` (None when it can): an https URL with a host,
    no spaces, control characters, quotes or angle brackets."""
    from urllib.parse import urlsplit

    shown = repr(value) if isinstance(value, str) else type_name(value)
    problem = f"link_base must be an https:// URL (the rule docs), got {shown}"
    if not isinstance(value, str):
        return problem
    if any(c.isspace() or not c.isprintable() or c in '"<>\\`' for c in value):
        return problem
    try:
        parts = urlsplit(value)
    except ValueError:
        return problem
    if parts.scheme != "https" or not parts.hostname:
        return problem
    return None


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
