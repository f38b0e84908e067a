"""Finding what to scan: Terraform root modules, plan JSON files and ROS templates.

A directory of ``.tf`` files is a root unless another scanned module calls it as a local
``source``; local modules are evaluated only through their callers. ``.terraform/`` and hidden
directories are skipped, and symbolic links to directories are not followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kmslint.errors import InputError
from kmslint.ros.prefilter import may_concern_kms
from kmslint.terraform.workspace import Workspace

TERRAFORM = "terraform"
PLAN = "plan"
ROS = "ros"
_ROS_MARKER = re.compile(rb"ROSTemplateFormatVersion")
_PLAN_MARKER = re.compile(rb'"planned_values"|"resource_changes"')
TEMPLATE_SUFFIXES = (".yml", ".yaml", ".json", ".template")
MAX_SNIFF_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    kind: str
    path: Path

    def __str__(self) -> str:
        return str(self.path)


def _skipped_dir(name: str) -> bool:
    return name.startswith(".") or name == "node_modules"


def _sniff(path: Path, prefilter: bool = True) -> str | None:
    """ROS or plan for a YAML/JSON file, None for anything else.

    With ``prefilter``, a ROS template that names no KMS type and no consumer type is None too.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_SNIFF_BYTES)
    except OSError:
        return None
    if _ROS_MARKER.search(head):
        return ROS if not prefilter or may_concern_kms(head) else None
    if path.suffix == ".json" and _PLAN_MARKER.search(head):
        return PLAN
    return None


def _walk(root: Path, prefilter: bool) -> tuple[list[Path], list[Target]]:
    module_dirs: list[Path] = []
    files: list[Target] = []
    for current, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _skipped_dir(d))
        here = Path(current)
        if any(n.endswith(".tf") for n in names):
            module_dirs.append(here)
        for name in sorted(names):
            if name.endswith(TEMPLATE_SUFFIXES) and not name.startswith("."):
                kind = _sniff(here / name, prefilter)
                if kind:
                    files.append(Target(kind, here / name))
    return module_dirs, files


def _roots(module_dirs: list[Path], workspace: Workspace) -> list[Path]:
    """Module directories no other scanned module calls, that can reach a KMS key."""
    resolved = {d.resolve(): d for d in module_dirs}
    called: set[Path] = set()
    for directory in resolved:
        called |= {c for c in workspace.local_calls(directory) if c != directory}
    return [resolved[d] for d in sorted(resolved) if d not in called and workspace.reaches_kms(d)]


def _target_for_file(path: Path, prefilter: bool) -> Target | None:
    if (
        path.suffix in (".tf", ".tfvars")
        or path.name.endswith(".tfvars.json")
        or path.name == "kmslint-usage.yml"
    ):
        return Target(TERRAFORM, path.parent) if any(path.parent.glob("*.tf")) else None
    if path.name.endswith(TEMPLATE_SUFFIXES):
        kind = _sniff(path, prefilter)
        return Target(kind, path) if kind else None
    return None


def discover(paths: list[Path], workspace: Workspace | None = None) -> list[Target]:
    """Every root module, plan and template under ``paths``, each once, in a stable order."""
    workspace = workspace or Workspace()
    targets: list[Target] = []
    given_modules: list[
        Path
    ] = []  # module directories of the files given (as pre-commit passes them)
    given_files: list[Target] = []
    for path in paths:
        if not path.exists():
            raise InputError(str(path), None, "no such file or directory")
        if path.is_dir():
            module_dirs, files = _walk(path, workspace.prefilter)
            targets += [Target(TERRAFORM, d) for d in _roots(module_dirs, workspace)]
            targets += files
        else:
            target = _target_for_file(path, workspace.prefilter)
            if target is not None and target.kind == TERRAFORM:
                given_modules.append(target.path)
            elif target is not None:
                given_files.append(target)
    # A module directory that another given module calls is evaluated through its caller only,
    # as in a directory walk, so that all the files of a repository give the repository's report.
    targets += [Target(TERRAFORM, d) for d in _roots(given_modules, workspace)] + given_files
    unique: dict[tuple[str, Path], Target] = {}
    for target in targets:
        unique.setdefault((target.kind, target.path.resolve()), target)
    return list(unique.values())
