"""The report document (the JSON of SPEC.md) as the pipeline formats read it.

Helpers shared by the document formatters: money from decimal strings (never float), the
findings to show, severity counts, diff detection and file paths made relative for CI tools.
Also ``render_document`` for ``json``: a document is printed exactly as it is.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from kmslint.model import counts_apart
from kmslint.money import money_display

Document = dict[str, Any]
SEVERITY_ORDER = ("error", "warning", "info")


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    """``--format json`` for a document: the document itself, pretty-printed."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def decimal(value: Any) -> Decimal:
    """A money field (a decimal string) as Decimal; missing or null is 0."""
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def money(value: Any) -> str:
    """``$0.99225`` from ``"0.99225"``."""
    return money_display(decimal(value))


def signed_money(value: Any) -> str:
    """``+$2.49``, ``-$0.99`` or ``$0.00``."""
    amount = decimal(value)
    if amount > 0:
        return "+" + money_display(amount)
    if amount < 0:
        return "-" + money_display(-amount)
    return money_display(amount)


def signed_percent(value: Any) -> str | None:
    if value is None:
        return None
    amount = decimal(value)
    return f"+{amount}%" if amount > 0 else f"{amount}%"


def is_diff(document: Document) -> bool:
    return "base_monthly_cost" in document.get("summary", {})


def shown_findings(document: Document, show_suppressed: bool) -> list[dict[str, Any]]:
    findings = list(document.get("findings", []))
    return findings if show_suppressed else [f for f in findings if not f.get("suppressed")]


def severity_counts(findings: list[dict[str, Any]]) -> str:
    """``1 error, 2 warnings, 0 infos``."""
    counts = Counter(str(f.get("severity")) for f in findings)
    return ", ".join(
        f"{counts.get(s, 0)} {s}{'' if counts.get(s, 0) == 1 else 's'}" for s in SEVERITY_ORDER
    )


FLOOR = "≥ "


def floor_mark(item: dict[str, Any]) -> str:
    """``≥ `` before a cost that is a floor: a key made by an unresolved count/for_each (priced
    as one instance), or a total that includes such keys."""
    if item.get("instances_known") is False or int(item.get("count_unknown_count") or 0) > 0:
        return FLOOR
    return ""


def floor_note(summary: dict[str, Any]) -> str | None:
    counted = int(summary.get("count_unknown_count") or 0)
    if not counted:
        return None
    return (
        f"{counted} key(s) come from a count or for_each kmslint cannot resolve: each is priced "
        "as one instance, so costs marked ≥ are a floor (give count: in the usage file)."
    )


NOT_PRICED = "not priced"  # an instance or secret whose price is not published: never $0


def resource_monthly(resource: dict[str, Any], field: str = "monthly_cost") -> str:
    """A key's cost for display: ``$0.99 + usage`` when its calls are not known, ``≥ $0.99``
    when it stands for at least one instance; ``not priced`` when its price is not published."""
    if resource.get(field) is None and resource.get("priced") is False:
        return NOT_PRICED
    shown = floor_mark(resource) + money(resource.get(field))
    return shown + (
        " + usage"
        if resource.get("usage_known") is False and resource.get("change") != "removed"
        else ""
    )


def total_series(document: Document) -> list[Decimal]:
    """Cost of each month of the horizon, over every key of the document (an instance's keys
    and secrets are inside the instance's cost; a diff's removed keys cost nothing)."""
    months = int(document.get("summary", {}).get("horizon_months") or 0)
    totals = [Decimal(0)] * months
    for resource in document.get("resources", []):
        if resource.get("change") == "removed" or not counts_apart(resource):
            continue
        series = [decimal(v) for v in resource.get("monthly_costs") or []]
        totals = [
            a + b
            for a, b in zip(totals, series + [Decimal(0)] * (months - len(series)), strict=False)
        ]
    return totals


def projects(document: Document) -> list[str]:
    """The projects (root modules, plans, templates) of the document's keys, in order."""
    return list(dict.fromkeys(str(r.get("project") or "") for r in document.get("resources", [])))


def several_projects(document: Document) -> bool:
    """Whether the document's keys come from more than one project (so addresses may repeat)."""
    return len(projects(document)) > 1


def key_label(item: dict[str, Any], several: bool) -> str:
    """A key's address; with its file and line when addresses may repeat across projects."""
    return f"{item['address']} ({where(item)})" if several and where(item) else str(item["address"])


def where(item: dict[str, Any]) -> str:
    """``main.tf:5`` (or the file alone, or empty)."""
    file = item.get("file")
    if not file:
        return ""
    return f"{file}:{item['line']}" if item.get("line") else str(file)


def repo_path(path: str, root: Path | None = None) -> str:
    """A path as CI tools want it: relative to ``root`` (the cwd) if inside it, forward slashes."""
    root = root or Path.cwd()
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            return candidate.as_posix()
    text = PurePosixPath(*candidate.parts).as_posix() if candidate.parts else "."
    return text[2:] if text.startswith("./") else text


def policy_line(document: Document) -> str | None:
    """With ``--trusted-config-from``: whose config applied and whether the tree changes it."""
    source = document.get("policy_source")
    if not isinstance(source, dict):
        return None
    configs = ", ".join(str(c) for c in source.get("configs") or []) or "no config file"
    head = f"Policy from {source.get('trusted_from')} ({str(source.get('commit', ''))[:12]}): {configs}"
    changed = [str(c) for c in source.get("changed_in_tree") or []]
    if not changed:
        return f"{head}; the scanned tree does not change it."
    return f"{head}; the scanned tree changes {', '.join(changed)} (not applied)."
