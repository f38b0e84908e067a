"""``kmslint rules [ID]``: list the rules, or print one rule's documentation.

Kept light: it reads rule YAML and the config file only, never the HCL parser.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kmslint.commands.common import EXIT_ERROR, EXIT_OK, guarded, print_diagnostics

HEADERS = ("ID", "NAME", "SEVERITY", "ENABLED", "SUMMARY")


def _table(policy: Any) -> str:
    rows = [HEADERS]
    for rule_id, resolved in policy.rules.items():
        enabled = "yes" if resolved.enabled.value else "no"
        rows.append(
            (
                rule_id,
                resolved.rule.name,
                str(resolved.severity.value),
                enabled,
                resolved.rule.summary,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS) - 1)]
    return (
        "\n".join(
            "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
            for row in rows
        )
        + "\n"
    )


@click.command()
@click.argument("rule_id", required=False)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    help="Config file (default: .kmslint.yaml here or in a parent up to the git root).",
)
@click.option(
    "--rules-dir",
    "rules_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Directory of custom rule YAML files (repeatable).",
)
@guarded
def rules(rule_id: str | None, config_file: Path | None, rules_dirs: tuple[Path, ...]) -> None:
    """List the rules (id, name, severity, enabled, summary), or print RULE_ID's documentation."""
    from kmslint.config import Config, find_config, load_config
    from kmslint.errors import DiagnosticsError
    from kmslint.findings import rule_id_hint
    from kmslint.policy.docs import render_markdown
    from kmslint.policy.settings import Overrides, build_policy

    try:
        path = config_file or find_config(Path.cwd())
        config = load_config(path) if path is not None else Config()
        policy = build_policy(config, Overrides(rules_dirs=list(rules_dirs)))
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_ERROR)
    if rule_id is None:
        click.echo(_table(policy), nl=False)
        sys.exit(EXIT_OK)
    rule = policy.catalogue.find(rule_id)
    if rule is None:
        click.echo(
            f"kmslint: unknown rule {rule_id!r}{rule_id_hint(rule_id.upper(), policy.rules)}",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    click.echo(render_markdown(rule), nl=False)
    sys.exit(EXIT_OK)
