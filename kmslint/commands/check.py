"""``kmslint check``: the estimate plus policy rules; the command for CI and pre-commit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kmslint.commands.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    guarded,
    policy_options,
    print_diagnostics,
    scan_options,
    scan_options_from,
    write_outputs,
)
from kmslint.findings import SEVERITIES


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
    try:
        given = _given_policy(options, kwargs)
        if given is not None and options.usage_file is None and given.usage_file.value is not None:
            options.usage_file = Path(given.usage_file.value)
        report = scan(options)
        groups = project_groups(report, _overrides(kwargs), given)
        evaluate_groups(report, groups, lambda policy: _baseline(policy, kwargs))
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_ERROR)
    print_diagnostics(report.inventory.diagnostics)
    write_outputs(
        report, kwargs["formats"], kwargs["outputs"], show_suppressed=kwargs["show_suppressed"]
    )
    if kwargs["create_baseline"] is not None and not report.errors:
        _create_baseline(kwargs["create_baseline"], report, [g.policy for g in groups])
    click.echo(summary_line(report), err=True)
    if report.errors:
        sys.exit(EXIT_ERROR)
    if kwargs["create_baseline"] is not None:
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if any(group.failing() for group in groups) else EXIT_OK)


def _overrides(kwargs: dict[str, Any]) -> Any:
    from kmslint.policy.settings import Overrides

    return Overrides(
        kwargs["fail_on"], kwargs["baseline"], kwargs["usage_file"], list(kwargs["rules_dirs"])
    )


def _given_policy(options: Any, kwargs: dict[str, Any]) -> Any:
    """The policy of ``--config`` (for every project), or None when each finds its own.

    With ``--show-config``, print the config the first scanned path uses and exit.
    """
    from kmslint.config import Config, find_config, load_config
    from kmslint.policy.settings import build_policy

    if kwargs["baseline"] is not None and kwargs["create_baseline"] is not None:
        raise click.UsageError("use either --baseline or --create-baseline, not both")
    options.config_file = kwargs["config_file"]
    if kwargs["show_config"]:
        from kmslint.policy.showconfig import render_config

        path = options.config_file or find_config(options.paths[0])
        config = load_config(path) if path is not None else Config()
        click.echo(render_config(build_policy(config, _overrides(kwargs))), nl=False)
        sys.exit(EXIT_OK)
    if options.config_file is None:
        return None
    return build_policy(load_config(options.config_file), _overrides(kwargs))


def _baseline(policy: Any, kwargs: dict[str, Any]) -> Any:
    """The baseline to apply: none while creating one, else --baseline or the config's."""
    from kmslint.policy.baseline import load_baseline

    if kwargs["create_baseline"] is not None or policy.baseline.value is None:
        return None
    return load_baseline(Path(policy.baseline.value))


def _create_baseline(path: Path, report: Any, policies: list[Any]) -> None:
    from kmslint.policy.baseline import write_baseline

    def ignorable(rule_id: str) -> bool:
        return all(policy.ignorable(rule_id)[0] for policy in policies)

    count = write_baseline(path, report.findings, ignorable)
    click.echo(f"kmslint: wrote {count} finding(s) to baseline {path}", err=True)
