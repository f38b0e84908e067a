"""``kmslint check``: the estimate plus policy rules; the command for CI and pre-commit."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kmslint.commands.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    guarded,
    options_from,
    policy_options,
    print_diagnostics,
    scan_options,
    scan_options_from,
)
from kmslint.commands.outputs import write_outputs
from kmslint.findings import SEVERITIES


@dataclass(frozen=True)
class CheckOptions:
    """``kmslint check``'s own options (the scan options are ScanOptions)."""

    fail_on: str | None
    baseline: Path | None
    create_baseline: Path | None
    show_config: bool
    config_file: Path | None
    rules_dirs: tuple[Path, ...]
    usage_file: Path | None
    formats: tuple[str, ...]
    outputs: tuple[Path, ...]
    show_suppressed: bool


@click.command()
@scan_options
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Lowest severity that fails the run (default: error, or fail_on in .kmslint.yaml).",
)
@policy_options
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    help="Hide findings recorded in this baseline file.",
)
@click.option(
    "--create-baseline",
    type=click.Path(path_type=Path),
    help="Record the current findings in this file (JSON, or YAML for .yml/.yaml) and exit 0.",
)
@click.option(
    "--show-config",
    is_flag=True,
    help="Print the merged configuration and where each value came from, then exit.",
)
@guarded
def check(**kwargs: Any) -> None:
    """Estimate costs and apply the policy rules; exit 1 on findings at or above --fail-on.

    Exit codes: 0 no findings at or above --fail-on, 1 there are some, 2 bad input or tool error.
    """
    from kmslint.errors import DiagnosticsError
    from kmslint.formatters.text import summary_line
    from kmslint.policy.by_project import evaluate_groups, project_groups
    from kmslint.scan import scan

    options = scan_options_from(kwargs)
    chosen = options_from(CheckOptions, kwargs)
    try:
        given = _given_policy(options, chosen)
        if given is not None and options.usage_file is None and given.usage_file.value is not None:
            options.usage_file = Path(given.usage_file.value)
        report = scan(options)
        groups = project_groups(report, _overrides(chosen), given)
        evaluate_groups(report, groups, lambda policy: _baseline(policy, chosen))
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_ERROR)
    print_diagnostics(report.inventory.diagnostics)
    write_outputs(report, chosen.formats, chosen.outputs, show_suppressed=chosen.show_suppressed)
    if chosen.create_baseline is not None and not report.errors:
        _create_baseline(chosen.create_baseline, report, [g.policy for g in groups])
    click.echo(summary_line(report), err=True)
    if report.errors:
        sys.exit(EXIT_ERROR)
    if chosen.create_baseline is not None:
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if any(group.failing() for group in groups) else EXIT_OK)


def _overrides(chosen: CheckOptions) -> Any:
    from kmslint.policy.settings import Overrides

    return Overrides(chosen.fail_on, chosen.baseline, chosen.usage_file, list(chosen.rules_dirs))


def _given_policy(options: Any, chosen: CheckOptions) -> Any:
    """The policy of ``--config`` (for every project), or None when each finds its own.

    With ``--show-config``, print the config the first scanned path uses and exit.
    """
    from kmslint.config import Config, find_config, load_config
    from kmslint.policy.settings import build_policy

    if chosen.baseline is not None and chosen.create_baseline is not None:
        raise click.UsageError("use either --baseline or --create-baseline, not both")
    options.config_file = chosen.config_file
    if chosen.show_config:
        from kmslint.policy.showconfig import render_config

        path = options.config_file or find_config(options.paths[0])
        config = load_config(path) if path is not None else Config()
        click.echo(render_config(build_policy(config, _overrides(chosen))), nl=False)
        sys.exit(EXIT_OK)
    if options.config_file is None:
        return None
    return build_policy(load_config(options.config_file), _overrides(chosen))


def _baseline(policy: Any, chosen: CheckOptions) -> Any:
    """The baseline to apply: none while creating one, else --baseline or the config's."""
    from kmslint.policy.baseline import load_baseline

    if chosen.create_baseline is not None or policy.baseline.value is None:
        return None
    return load_baseline(Path(policy.baseline.value))


def _create_baseline(path: Path, report: Any, policies: list[Any]) -> None:
    from kmslint.policy.baseline import write_baseline

    def ignorable(rule_id: str) -> bool:
        return all(policy.ignorable(rule_id)[0] for policy in policies)

    count = write_baseline(path, report.findings, ignorable)
    click.echo(f"kmslint: wrote {count} finding(s) to baseline {path}", err=True)
