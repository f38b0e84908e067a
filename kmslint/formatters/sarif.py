"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver`` carries the kmslint version and a descriptor for every rule that
fired (summary, rationale, remediation and the documentation link, from the rule catalogue).
Each finding is a result at its file and lines (paths relative, with forward slashes) with a
stable partial fingerprint. Input errors become tool execution notifications.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from kmslint import __version__
from kmslint.formatters.document import (
    Document,
    repo_path,
    shown_findings,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/kmslint/kmslint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "kmslintFinding/v1"
BASELINE_STATES = {"added": "new", "unchanged": "unchanged"}


def sentence(value: str) -> str:
    """SARIF messages are sentences: end them with a period."""
    value = value.strip()
    return value if value.endswith((".", "!", "?")) else value + "."


def pascal(name: str) -> str:
    """``rotation-cost-growth`` -> ``RotationCostGrowth`` (SARIF's friendly-name convention)."""
    return "".join(
        part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part
    )


def _catalogue() -> dict[str, Any]:
    """The built-in rules by id, or nothing when the catalogue cannot be read."""
    try:
        from kmslint.policy.catalogue import builtin_rules

        return {rule.id: rule for rule in builtin_rules()}
    except Exception:
        return {}


def _rule(finding: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    rule_id, name = finding["rule_id"], finding.get("rule_name") or finding["rule_id"]
    rule = known.get(rule_id)
    summary = getattr(rule, "summary", "") or name
    rationale = getattr(rule, "rationale", "") or summary
    remediation = getattr(rule, "remediation", "") or f"See the documentation of {rule_id} {name}."
    link = finding.get("link") or ""
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": pascal(name),
        "shortDescription": {"text": sentence(summary)},
        "fullDescription": {"text": sentence(" ".join(rationale.split()))},
        "help": {"text": sentence(" ".join(remediation.split())), "markdown": remediation.strip()},
        "defaultConfiguration": {
            "level": LEVELS.get(getattr(rule, "severity", finding["severity"]), "warning")
        },
        "properties": {"tags": ["cost", "kms", "alibaba-cloud"], "kmslintName": name},
    }
    if link.startswith(("https://", "http://")):
        descriptor["helpUri"] = link
    return descriptor


def _uri(path: str) -> str:
    """A relative URI reference for a path inside the working directory, else a file:// URI."""
    relative = repo_path(path)
    if PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative, safe="/")


def _location(finding: dict[str, Any]) -> list[dict[str, Any]]:
    location: dict[str, Any] = {}
    if finding.get("file"):
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding["file"])}}
        line = finding.get("line")
        if line:
            region: dict[str, Any] = {"startLine": int(line)}
            end = finding.get("end_line")
            if end and int(end) >= int(line):
                region["endLine"] = int(end)
            physical["region"] = region
        location["physicalLocation"] = physical
    if finding.get("address"):
        location["logicalLocations"] = [
            {"fullyQualifiedName": finding["address"], "kind": "resource"}
        ]
    return [location] if location else []


def fingerprint(finding: dict[str, Any]) -> str:
    """Stable across runs and line moves: rule, file and address (or message when there is none)."""
    parts = [
        finding["rule_id"],
        repo_path(finding["file"]) if finding.get("file") else "",
        finding.get("address") or finding["message"],
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _result(finding: dict[str, Any], index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding["rule_id"],
        "ruleIndex": index,
        "level": LEVELS.get(finding["severity"], "warning"),
        "message": {"text": sentence(finding["message"])},
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
    }
    locations = _location(finding)
    if locations:
        result["locations"] = locations
    if (
        finding.get("change") in BASELINE_STATES
    ):  # a diff report: new in this change or already there
        result["baselineState"] = BASELINE_STATES[finding["change"]]
    if finding.get("suppressed"):
        reason = finding.get("suppression_reason") or ""
        kind = "external" if reason.startswith("in baseline") else "inSource"
        result["suppressions"] = [{"kind": kind, "justification": reason}]
    return result


def _notification(error: dict[str, Any]) -> dict[str, Any]:
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": sentence(error["message"])},
    }
    if error.get("file"):
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(error["file"])}}
        if error.get("line"):
            physical["region"] = {"startLine": int(error["line"])}
        notification["locations"] = [{"physicalLocation": physical}]
    return notification


def sarif_log(document: Document, show_suppressed: bool = False) -> dict[str, Any]:
    findings = shown_findings(document, show_suppressed)
    known = _catalogue()
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for finding in findings:
        if finding["rule_id"] not in index:
            index[finding["rule_id"]] = len(rules)
            rules.append(_rule(finding, known))
    driver = {
        "name": "kmslint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    errors = document.get("errors") or []
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [_notification(e) for e in errors]
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "utf16CodeUnits",
        "results": [_result(f, index[f["rule_id"]]) for f in findings],
        "properties": {
            "summary": document.get("summary", {}),
            "currency": document.get("currency", "USD"),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    return json.dumps(sarif_log(document, show_suppressed), indent=2, ensure_ascii=False) + "\n"
