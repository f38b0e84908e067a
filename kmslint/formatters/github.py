"""``--format github``: GitHub Actions workflow commands that annotate the offending lines.

``::error file=main.tf,line=5,endLine=7,title=KMS007 invalid-key-spec::message``. Values are
escaped the way the Actions runner expects: ``%``, CR and LF in the message; those plus ``:``
and ``,`` in properties. A last ``::notice`` states the cost, so it shows on the run's summary.
"""

from __future__ import annotations

from typing import Any

from kmslint.formatters.document import (
    Document,
    floor_mark,
    floor_note,
    is_diff,
    money,
    repo_path,
    shown_findings,
    signed_money,
)

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: Any) -> str:
    shown = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value not in (None, "")
    )
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def annotation(finding: dict[str, Any]) -> str:
    target = f"{finding['address']}: " if finding.get("address") else ""
    suppressed = (
        f" [suppressed: {finding.get('suppression_reason') or ''}]"
        if finding.get("suppressed")
        else ""
    )
    message = f"{target}{finding['message']}{suppressed}"
    if finding.get("link"):
        message += f"\n{finding['link']}"
    name = "notice" if finding.get("suppressed") else COMMANDS.get(finding["severity"], "warning")
    line, end = finding.get("line"), finding.get("end_line")
    return command(
        name,
        message,
        file=repo_path(finding["file"]) if finding.get("file") else None,
        line=line if finding.get("file") else None,
        endLine=end if finding.get("file") and line and end and int(end) >= int(line) else None,
        title=f"{finding['rule_id']} {finding.get('rule_name', '')}".strip(),
    )


def _summary(document: Document) -> str:
    summary = document["summary"]
    months = summary["horizon_months"]
    unknown = summary.get("usage_unknown_count") or 0
    caveat = f" (+ API calls of {unknown} key(s) without usage)" if unknown else ""
    if is_diff(document):
        text = (
            f"Monthly KMS cost {money(summary['base_monthly_cost'])} -> {money(summary['monthly_cost'])} "
            f"({signed_money(summary['monthly_cost_delta'])}){caveat}"
        )
    else:
        floor = floor_mark(summary)
        text = (
            f"Monthly KMS cost {floor}{money(summary['monthly_cost'])}{caveat}; month {months}: "
            f"{floor}{money(summary['horizon_monthly_cost'])}"
        )
        note = floor_note(summary)
        text += f". {note}" if note else ""
    return command("notice", text, title="kmslint cost")


def workflow_commands(document: Document, show_suppressed: bool = False) -> list[str]:
    """One workflow command per finding and per input error (no cost notice)."""
    lines = [annotation(f) for f in shown_findings(document, show_suppressed)]
    for error in document.get("errors") or []:
        lines.append(
            command(
                "error",
                error["message"],
                file=repo_path(error["file"]) if error.get("file") else None,
                line=error.get("line"),
                title="kmslint input error",
            )
        )
    return lines


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    lines = [*workflow_commands(document, show_suppressed), _summary(document)]
    return "\n".join(lines) + "\n"
