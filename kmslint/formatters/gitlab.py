"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of issues: ``description``, ``check_name``, ``fingerprint``, ``severity``
(error → major, warning → minor, info → info) and ``location.path`` / ``lines.begin``. The
fingerprint hashes the rule, file and address (not the line or the message, which move and
change with costs), so GitLab can tell new issues from old ones across pipelines.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kmslint.formatters.document import (
    Document,
    repo_path,
    shown_findings,
)

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
NO_FILE = "."


def _fingerprint(parts: list[str], seen: dict[str, int]) -> str:
    base = "\0".join(parts)
    seen[base] = seen.get(base, 0) + 1
    occurrence = "" if seen[base] == 1 else f"\0{seen[base]}"
    return hashlib.sha256((base + occurrence).encode("utf-8")).hexdigest()


def _issue(finding: dict[str, Any], seen: dict[str, int]) -> dict[str, Any]:
    path = repo_path(finding["file"]) if finding.get("file") else NO_FILE
    target = f"{finding['address']}: " if finding.get("address") else ""
    identity = finding.get("address") or finding["message"]
    return {
        "type": "issue",
        "engine_name": "kmslint",
        "check_name": finding["rule_id"],
        "description": f"{finding['rule_id']} {finding.get('rule_name', '')}: {target}{finding['message']}",
        "content": {"body": finding.get("link") or ""},
        "categories": ["Performance"],
        "severity": SEVERITIES.get(finding["severity"], "minor"),
        "fingerprint": _fingerprint([finding["rule_id"], path, identity], seen),
        "location": {"path": path, "lines": {"begin": int(finding.get("line") or 1)}},
    }


def _error(error: dict[str, Any], seen: dict[str, int]) -> dict[str, Any]:
    path = repo_path(error["file"]) if error.get("file") else NO_FILE
    return {
        "type": "issue",
        "engine_name": "kmslint",
        "check_name": "input-error",
        "description": f"input error: {error['message']}",
        "categories": ["Bug Risk"],
        "severity": "critical",
        "fingerprint": _fingerprint(["input-error", path, error["message"]], seen),
        "location": {"path": path, "lines": {"begin": int(error.get("line") or 1)}},
    }


def issues(document: Document, show_suppressed: bool = False) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    found = [
        _issue(f, seen)
        for f in shown_findings(document, show_suppressed)
        if not f.get("suppressed")
    ]
    return found + [_error(e, seen) for e in document.get("errors") or []]


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    return json.dumps(issues(document, show_suppressed), indent=2, ensure_ascii=False) + "\n"
