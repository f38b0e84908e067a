"""Per-project inputs: each Terraform root, plan or ROS template has its own usage file and config.

A project uses the nearest ``kmslint-usage.yml`` and ``.kmslint.yaml`` in its own directory or a
parent, up to the git root inside a git work tree and up to the scanned path outside one.
``--usage-file`` and ``--config`` name one file for every project. Where a config file and a
usage file are found at the same level, the config's ``usage_file`` wins; a nearer file always
wins over a farther one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kmslint.config import Config, config_in, display_path
from kmslint.discovery import TERRAFORM, Target
from kmslint.errors import Diagnostic, InputError
from kmslint.excludes import git_root
from kmslint.usage import USAGE_FILE_NAME, ProjectUsage, UsageFile, load_usage_file


@dataclass
class Project:
    """One evaluated target and the inputs that applied to it."""

    name: str  # ``str(target.path)``: the ``project`` of its keys
    usage_path: Path | None = None
    config_path: Path | None = None
    config: Config | None = None

    def _config_shown(self) -> str | None:
        """The config as its messages name it (``REF:path`` when read from a trusted ref)."""
        if self.config is not None and self.config.path:
            return self.config.path
        return None if self.config_path is None else str(self.config_path)

    def to_json(self) -> dict[str, str | None]:
        return {
            "project": self.name,
            "usage_file": None if self.usage_path is None else str(self.usage_path),
            "config": self._config_shown(),
        }


def scan_root(path: Path) -> Path:
    resolved = path.resolve()
    return resolved if resolved.is_dir() else resolved.parent


def search_dirs(start: Path, scan_roots: list[Path]) -> list[Path]:
    """``start`` and its parents, nearest first, up to the git root or the outermost scan root."""
    start = start.resolve()
    chain = [start, *start.parents]
    top = git_root(start)
    if top is None:
        containing = [root for root in scan_roots if root == start or root in start.parents]
        top = min(containing, key=lambda root: len(root.parts)) if containing else start
    return chain[: chain.index(top) + 1] if top in chain else [start]


def nearest_config(directories: list[Path]) -> Path | None:
    for directory in directories:
        found = config_in(directory)
        if found is not None:
            return Path(display_path(found))
    return None


def nearest_usage(
    directories: list[Path], config: Config | None, config_path: Path | None
) -> Path | None:
    """The nearest usage file; a config's ``usage_file`` counts at the config's own level."""
    config_dir = config_path.parent.resolve() if config_path is not None else None
    for directory in directories:
        if directory == config_dir and config is not None and config.usage_file is not None:
            return Path(config.usage_file.value)
        candidate = directory / USAGE_FILE_NAME
        if candidate.is_file():
            return Path(display_path(candidate))
    return None


@dataclass
class Inputs:
    """The projects of a scan, each one's usage file, and the problems reading them."""

    projects: list[Project] = field(default_factory=list)
    usages: ProjectUsage = field(default_factory=ProjectUsage)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Files:
    """Each usage file and config read once, however many projects share it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        self.usages: dict[Path, UsageFile] = {}
        self.configs: dict[Path, Config] = {}

    def usage(self, path: Path) -> UsageFile:
        key = path.resolve()
        if key not in self.usages:
            try:
                usage, problems = load_usage_file(path)
            except InputError as exc:
                usage, problems = UsageFile(path=str(path)), [exc.diagnostic]
            self.usages[key] = usage
            self.diagnostics.extend(problems)
        return self.usages[key]

    def config(self, path: Path) -> Config:
        """The parsed config; a broken one stops the run (raises InputError or DiagnosticsError)."""
        from kmslint.config import load_config

        key = path.resolve()
        if key not in self.configs:
            self.configs[key] = load_config(path)
        return self.configs[key]


def _project_dir(target: Target) -> Path:
    return target.path if target.kind == TERRAFORM else target.path.parent


def resolve_inputs(targets: list[Target], options: Any) -> Inputs:
    """The usage file and config of every target (``options`` is the scan's ``ScanOptions``)."""
    inputs = Inputs()
    files = _Files(inputs.diagnostics)
    roots = [scan_root(path) for path in options.paths]
    if options.usage_file is not None:
        inputs.usages.fallback = files.usage(options.usage_file)
    for target in targets:
        project = Project(str(target.path), options.usage_file, options.config_file)
        directories = search_dirs(_project_dir(target), roots)
        if options.config_file is None:
            project.config_path = nearest_config(directories)
            if project.config_path is not None:
                project.config = files.config(project.config_path)
        if project.usage_path is None:
            project.usage_path = nearest_usage(directories, project.config, project.config_path)
        if project.usage_path is not None:
            inputs.usages.by_project[project.name] = files.usage(project.usage_path)
        inputs.projects.append(project)
    return inputs
