"""``kmslint migrate`` in the finding formats (sarif, junit, github, gitlab) and in HTML.

The finding formats carry the migration blockers as findings under one rule id,
``migrate-blocker`` (severity warning; no built-in rule has it: a blocker is what a move to
an instance of that edition would break, not a cost finding). The options and their costs
go into the HTML page, one table per region, and into a closing notice for GitHub.
"""

from __future__ import annotations

from html import escape
from typing import Any

from kmslint.formatters import github, gitlab, junit, sarif
from kmslint.formatters.html_style import STYLE
from kmslint.formatters.migration import (
    LIFECYCLE_NOTE,
    dated,
    headline,
    notes,
    option_rows,
)

Document = dict[str, Any]
BLOCKER_RULE = "migrate-blocker"
BLOCKER_NAME = "migration-blocker"
BLOCKER_SEVERITY = "warning"
BLOCKER_SUMMARY = "A KMS 1.0 key cannot move to a KMS instance of this edition as it is declared"
BLOCKER_HELP = (
    "migrate-blocker is the rule id kmslint migrate gives its blockers: a key spec the edition "
    "cannot hold, rotation over 365 days, automatic rotation on a hardware instance, or an HSM "
    "key moving to a software instance (it loses HSM protection). Change the key or choose the "
    "other edition."
)
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def blocker_findings(document: Document) -> list[dict[str, Any]]:
    """The blockers of every region as findings in the report document's shape."""
    return [
        {
            "rule_id": BLOCKER_RULE,
            "rule_name": BLOCKER_NAME,
            "severity": BLOCKER_SEVERITY,
            "file": blocker["file"],
            "line": blocker["line"],
            "address": blocker["address"],
            "message": f"moving to a {blocker['edition']} instance in {region['region']}: "
            f"{blocker['reason']}",
        }
        for region in document["regions"]
        for blocker in region["blockers"]
    ]


def _as_report(document: Document) -> Document:
    """What the finding formats read: the blockers as findings, the scan's input errors."""
    regions = document["regions"]
    return {
        "version": document["version"],
        "currency": document["currency"],
        "summary": {
            "regions": len(regions),
            "kms1_keys": sum(r["keys"] for r in regions),
            "blockers": sum(len(r["blockers"]) for r in regions),
            "as_of": document["as_of"],
        },
        "resources": [],
        "findings": blocker_findings(document),
        "errors": document.get("errors") or [],
    }


def render_sarif(document: Document) -> str:
    import json

    log = sarif.sarif_log(_as_report(document))
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        if rule["id"] == BLOCKER_RULE:
            rule["shortDescription"] = {"text": sarif.sentence(BLOCKER_SUMMARY)}
            rule["fullDescription"] = {"text": BLOCKER_HELP}
            rule["help"] = {"text": BLOCKER_HELP, "markdown": BLOCKER_HELP}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def render_junit(document: Document) -> str:
    return junit.render_document(_as_report(document))


def render_gitlab(document: Document) -> str:
    return gitlab.render_document(_as_report(document))


def render_github(document: Document) -> str:
    lines = github.workflow_commands(_as_report(document))
    for region in document["regions"]:
        rows = "; ".join(f"{name}: {one} / {last}" for name, one, last in option_rows(region))
        text = f"{headline(region, document['horizon_months'])}. Month 1 / month "
        text += f"{document['horizon_months']}: {rows}"
        lines.append(github.command("notice", text, title=f"kmslint migrate {region['region']}"))
    if not document["regions"]:
        lines.append(github.command("notice", "No KMS 1.0 keys found.", title="kmslint migrate"))
    return "\n".join(lines) + "\n"


def _region_html(region: Document, horizon: int) -> list[str]:
    parts = [f"<h2>{escape(headline(region, horizon))}</h2>", '<div class="scroll"><table>']
    parts.append(
        f'<tr><th>option</th><th class="num">month 1</th><th class="num">month {horizon}</th></tr>'
    )
    parts += [
        f'<tr><td>{escape(name)}</td><td class="num">{escape(one)}</td>'
        f'<td class="num">{escape(last)}</td></tr>'
        for name, one, last in option_rows(region)
    ]
    parts.append("</table></div>")
    if dated(region):
        parts += ["<p>Versions now:</p><ul>", *(f"<li>{escape(d)}</li>" for d in dated(region))]
        parts.append("</ul>")
    if notes(region):
        parts += ["<ul>", *(f"<li>{escape(note)}</li>" for note in notes(region)), "</ul>"]
    if region["blockers"]:
        parts += ["<h3>Blockers</h3>", "<ul>"]
        parts += [
            f"<li><code>{escape(b['file'])}:{b['line']}</code> <code>{escape(b['address'])}</code>"
            f" ({escape(b['edition'])}): {escape(b['reason'])}</li>"
            for b in region["blockers"]
        ]
        parts.append("</ul>")
    parts += [f"<p>{escape(LIFECYCLE_NOTE)}</p>"]
    parts.append(f"<pre><code>{escape(region['terraform_lifecycle'])}</code></pre>")
    return parts


def render_html(document: Document) -> str:
    title = f"kmslint migrate: KMS 1.0 to KMS instances (as of {document['as_of']})"
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>KMS 1.0 reached End of Service on {escape(document['kms1_end_of_service'])}; "
        f"{document['month_days']}-day months.</p>",
    ]
    body = [f"<p>Assumption: {escape(text)}</p>" for text in document.get("assumptions", [])]
    for region in document["regions"]:
        body += _region_html(region, document["horizon_months"])
    if not document["regions"]:
        body.append("<p>No KMS 1.0 keys found.</p>")
    for error in document.get("errors") or []:
        body.append(f"<p>{escape(str(error.get('message', '')))}</p>")
    return "\n".join(head + ["<main>", *body, "</main></body></html>"]) + "\n"


RENDERERS = {
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
    "gitlab": render_gitlab,
    "html": render_html,
}
