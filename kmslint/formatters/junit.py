"""``--format junit``: JUnit XML, which every CI system can show as test results.

One test suite. Each key is tested against the rules: a key with findings has one failing
test case per rule that fired on it (all of that rule's messages in the failure); a key
without findings is one passing test case that records its cost. Findings about the whole
scan (a budget, a cost increase) or about other resources are test cases of their own (class
``kmslint.scan`` or the resource's address), and input errors are errors.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from kmslint.formatters.document import (
    Document,
    resource_monthly,
    shown_findings,
    where,
)

SUITE = "kmslint"
SCAN_CLASS = "kmslint.scan"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: Any) -> str:
    """Text without the control characters XML 1.0 cannot carry."""
    return _INVALID_XML.sub("", str(value))


def _failure_text(findings: list[dict[str, Any]]) -> str:
    lines = []
    for finding in findings:
        location = where(finding)
        lines.append(
            f"{location + ': ' if location else ''}{finding['severity']}: {finding['message']}"
        )
        if finding.get("link"):
            lines.append(f"  {finding['link']}")
    return "\n".join(lines)


def _case(suite: ET.Element, classname: str, name: str, file: str | None, line: Any) -> ET.Element:
    case = ET.SubElement(
        suite, "testcase", {"classname": clean(classname), "name": clean(name), "time": "0"}
    )
    if file:
        case.set("file", clean(file))
    if line:
        case.set("line", str(line))
    return case


def _rule_cases(suite: ET.Element, classname: str, findings: list[dict[str, Any]]) -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_rule.setdefault(finding["rule_id"], []).append(finding)
    for rule_id, group in by_rule.items():
        first = group[0]
        case = _case(
            suite,
            classname,
            f"{rule_id} {first.get('rule_name', '')}".strip(),
            first.get("file"),
            first.get("line"),
        )
        if all(f.get("suppressed") for f in group):
            ET.SubElement(
                case,
                "skipped",
                {"message": clean(f"suppressed: {first.get('suppression_reason') or ''}")},
            )
            continue
        active = [f for f in group if not f.get("suppressed")]
        worst = "error" if any(f["severity"] == "error" for f in active) else active[0]["severity"]
        failure = ET.SubElement(
            case,
            "failure",
            {"type": clean(rule_id), "message": clean(f"{worst}: {active[0]['message']}")},
        )
        failure.text = clean(_failure_text(active))


def _suite(document: Document, show_suppressed: bool) -> ET.Element:
    findings = shown_findings(document, show_suppressed)
    resources = [r for r in document.get("resources", []) if r.get("change") != "removed"]
    addresses = {r["address"] for r in resources}
    suite = ET.Element("testsuite", {"name": SUITE})
    properties = ET.SubElement(suite, "properties")
    for name, value in document.get("summary", {}).items():
        ET.SubElement(
            properties, "property", {"name": name, "value": clean("" if value is None else value)}
        )
    for resource in resources:
        own = [f for f in findings if f.get("address") == resource["address"]]
        if own:
            _rule_cases(suite, resource["address"], own)
        else:
            case = _case(
                suite,
                resource["address"],
                "cost and policy",
                resource.get("file"),
                resource.get("line"),
            )
            ET.SubElement(case, "system-out").text = clean(
                f"monthly cost {resource_monthly(resource)}"
            )
    others: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        if finding.get("address") not in addresses:
            others.setdefault(finding.get("address") or SCAN_CLASS, []).append(finding)
    for classname, group in others.items():
        _rule_cases(suite, classname, group)
    for error in document.get("errors") or []:
        case = _case(
            suite,
            SCAN_CLASS,
            f"input {where(error) or '(input)'}",
            error.get("file"),
            error.get("line"),
        )
        ET.SubElement(
            case, "error", {"type": "input-error", "message": clean(error["message"])}
        ).text = clean(error["message"])
    return suite


def _count(suite: ET.Element) -> dict[str, str]:
    cases = suite.findall("testcase")
    return {
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": str(sum(1 for c in cases if c.find("error") is not None)),
        "skipped": str(sum(1 for c in cases if c.find("skipped") is not None)),
    }


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    suite = _suite(document, show_suppressed)
    counts = _count(suite)
    suite.attrib.update({**counts, "time": "0"})
    root = ET.Element(
        "testsuites",
        {"name": SUITE, **{k: v for k, v in counts.items() if k != "skipped"}, "time": "0"},
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
