"""``kmslint diff``: the cost and findings delta between a base state and the working tree."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal
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


@dataclass(frozen=True)
class DiffOptions:
    """``kmslint diff``'s own options (the scan options are ScanOptions)."""

    base_ref: str | None
    compare_to: Path | None
    config_file: Path | None
    rules_dirs: tuple[Path, ...]
    usage_file: Path | None
    formats: tuple[str, ...]
    outputs: tuple[Path, ...]
    show_suppressed: bool


@click.command()
@scan_options
@click.option(
    "--base",
    "base_ref",
    metavar="GITREF",
    help="Compare with the scanned files as they are at this git ref.",
)
@click.option(
    "--compare-to",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Compare with a saved JSON report.",
)
@policy_options
@guarded
def diff(**kwargs: Any) -> None:
    """Compare the cost and findings of PATHS with a git ref or a saved report.

    Reads the base through git (the working tree is never touched) or from --compare-to, scans
    both states the same way and reports each key as added, removed, changed or unchanged,
    the monthly cost before and after, and the findings the change adds or fixes. KMS013
    (cost-increase, set max_increase_usd / max_increase_percent in .kmslint.yaml) fails it.

    Exit codes: 0 no cost-change rule fired, 1 one did, 2 bad input or tool error.
    """
    from kmslint.diff import add_findings, diff_documents
    from kmslint.errors import DiagnosticsError
    from kmslint.policy.engine import diff_findings

    chosen = options_from(DiffOptions, kwargs)
    if (chosen.base_ref is None) == (chosen.compare_to is None):
        raise click.UsageError("give exactly one of --base GITREF or --compare-to BASE.json")
    options = scan_options_from(kwargs)
    try:
        policy = _load_policy(options.paths, chosen)
        if chosen.config_file is not None:
            options.config_file = chosen.config_file
            if options.usage_file is None and policy.usage_file.value is not None:
                options.usage_file = Path(policy.usage_file.value)
        new_report = _scan(options, policy)
        base, label = _base_document(options, policy, chosen)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_ERROR)
    print_diagnostics(new_report.inventory.diagnostics)
    document = diff_documents(
        base, new_report.to_json(include_suppressed=chosen.show_suppressed), label
    )
    summary = document["summary"]
    fired = diff_findings(
        policy, Decimal(summary["base_monthly_cost"]), Decimal(summary["monthly_cost"])
    )
    add_findings(document, [f.to_json() for f in fired])
    write_outputs(document, chosen.formats, chosen.outputs, show_suppressed=chosen.show_suppressed)
    if new_report.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if any(not f.suppressed for f in fired) else EXIT_OK)


def _load_policy(paths: list[Path], chosen: DiffOptions) -> Any:
    from kmslint.config import Config, find_config, load_config
    from kmslint.policy.settings import Overrides, build_policy

    config_path = chosen.config_file or find_config(paths[0])
    config = load_config(config_path) if config_path is not None else Config()
    return build_policy(config, Overrides(None, None, chosen.usage_file, list(chosen.rules_dirs)))


def _scan(options: Any, policy: Any) -> Any:
    """Scan and apply each project's policy (``policy`` for all of them with ``--config``)."""
    from kmslint.policy.baseline import load_baseline
    from kmslint.policy.by_project import evaluate_groups, project_groups
    from kmslint.policy.settings import Overrides
    from kmslint.scan import scan

    def baseline(chosen: Any) -> Any:
        value = chosen.baseline.value
        return load_baseline(Path(value)) if value is not None else None

    report = scan(options)
    overrides = Overrides(
        None,
        None,
        options.usage_file,
        [Path(s.value) for s in policy.rules_dirs if s.origin.label == "--rules-dir"],
    )
    given = policy if options.config_file is not None else None
    evaluate_groups(report, project_groups(report, overrides, given), baseline)
    return report


def _base_document(
    options: Any, policy: Any, chosen: DiffOptions
) -> tuple[dict[str, Any], dict[str, Any]]:
    from kmslint.merge import read_report

    if chosen.compare_to is not None:
        path = chosen.compare_to
        return read_report(path), {"label": str(path), "report": str(path)}
    assert chosen.base_ref is not None  # diff() checked that exactly one of the two is given
    return _scan_at_ref(options, policy, chosen.base_ref, chosen.show_suppressed)


def _scan_at_ref(
    options: Any, policy: Any, ref: str, show_suppressed: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    from kmslint import gitref, safeio

    repo = gitref.repository_of(options.paths[0])
    commit = gitref.resolve_commit(repo, ref)
    label = {"label": f"{ref} ({commit[:12]})", "ref": ref, "commit": commit}
    jail = safeio.current_jail()
    with (
        tempfile.TemporaryDirectory(prefix="kmslint-base-") as temp,
        safeio.jailed([Path(temp), *jail.roots], jail.open),  # the copy is a scan root too
    ):
        tree = gitref.BaseTree(repo, commit, Path(temp))
        _trust_alias(Path(temp))
        mapping: list[tuple[Path, str]] = []
        paths = []
        for path in options.paths:
            relative = gitref.relative_to_repo(repo, path)
            if gitref.repository_of(path) != repo:
                raise click.UsageError(
                    f"{path} is in another git repository than {options.paths[0]}"
                )
            paths.append(gitref.add_path(tree, relative, path.is_file()))
            mapping.append(
                (paths[-1].parent, str(path.parent))
                if paths[-1].is_file()
                else (paths[-1], str(path.parent if path.is_file() else path))
            )
        mapping.append((tree.root, os.path.relpath(repo)))
        gitref.write_scanned(tree, options.prefilter)
        base_options = replace(
            options,
            paths=paths,
            usage_file=_at_base(tree, repo, options.usage_file, mapping),
            remember_summaries=False,  # a temporary tree: its summaries would never be used
        )
        base_options.var_files = [_at_base(tree, repo, f, mapping) or f for f in options.var_files]
        if options.variable_order is not None:
            base_options.variable_order = [
                (kind, _at_base(tree, repo, v, mapping) or v) if kind == "var-file" else (kind, v)
                for kind, v in options.variable_order
            ]
        report = _scan(base_options, policy)
        document = remap_paths(report.to_json(include_suppressed=show_suppressed), mapping)
        diagnostics = [remap_paths(d.render(), mapping) for d in report.inventory.diagnostics]
    for line in diagnostics:
        click.echo(f"base {ref}: {line}", err=True)
    if document.get("errors"):
        label["errors"] = document["errors"]
    return document, label


def _trust_alias(copy: Path) -> None:
    """With --trusted-config-from, the base's copy is the repository too: its config lookups
    are answered from the trusted ref as well."""
    from kmslint import trustedtree

    trusted = trustedtree.active()
    if trusted is not None:
        trusted.aliases.append(copy.resolve())


def _at_base(
    tree: Any, repo: Path, path: Path | None, mapping: list[tuple[Path, str]]
) -> Path | None:
    """A usage or variables file as it was at the base (the current one if it did not exist)."""
    from kmslint import gitref
    from kmslint.errors import InputError

    if path is None:
        return None
    try:
        copied = gitref.add_file(tree, gitref.relative_to_repo(repo, path))
    except InputError:
        return path  # outside the repository: the same file for both states
    if copied is None:
        return path
    mapping.append((copied, str(path)))
    return copied


def remap_paths(value: Any, mapping: list[tuple[Path, str]]) -> Any:
    """Every path of the temporary copy written as the user wrote the scanned path."""
    if isinstance(value, dict):
        return {k: remap_paths(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [remap_paths(v, mapping) for v in value]
    if not isinstance(value, str):
        return value
    for temp, original in sorted(mapping, key=lambda pair: len(str(pair[0])), reverse=True):
        prefix = str(temp)
        if value == prefix:
            return original
        if value.startswith(prefix + "/"):
            return str(Path(original) / value[len(prefix) + 1 :])
        if prefix in value:
            value = value.replace(prefix, original)
    return value
