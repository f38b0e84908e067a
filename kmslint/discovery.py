"""Finding what to scan: Terraform root modules, plan JSON files and ROS templates.

``INPUT_KINDS`` is the one place that decides which files are which kind of input and which
front end reads them (suffix -> kind -> reader). A directory of ``.tf`` files is a root unless
another scanned module calls it as a local ``source``; local modules are evaluated only through
their callers. ``.terraform/`` and hidden directories are skipped, and symbolic links to
directories are not followed. Excluded paths (:mod:`kmslint.excludes`) are neither walked nor
opened.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from kmslint.errors import InputError
from kmslint.excludes import Excludes
from kmslint.ros.prefilter import may_concern_kms
from kmslint.terraform.workspace import Workspace

if TYPE_CHECKING:
    from kmslint.kms import KmsFacts
    from kmslint.model import Inventory

TERRAFORM = "terraform"
PLAN = "plan"
ROS = "ros"
MAX_SNIFF_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    kind: str
    path: Path

    def __str__(self) -> str:
        return str(self.path)


@dataclass
class LoadRequest:
    """What a front end is given besides its target: the user's inputs and the KMS facts."""

    facts: KmsFacts
    region: str | None = None  # the fallback region (--region, then the usage file)
    region_source: str = ""
    parameters: dict[str, str] = field(default_factory=dict)  # ROS parameters
    var_files: list[Path] = field(default_factory=list)
    variables: list[tuple[str, str]] = field(default_factory=list)
    variable_order: list[tuple[str, Any]] | None = None  # --var/--var-file as given
    module_loader: Callable[[], Any] | None = None  # the scan's shared Terraform parser
    use_cache: bool = True  # --no-cache turns the parse caches off
    as_of: date | None = None  # --as-of: "today" for versions existing keys accumulated
    env_vars: bool = True  # TF_VAR_* environment variables (off with --no-env-vars)


class InputReader(Protocol):
    """What a front-end module provides: the inventory of one target."""

    def read_input(self, target: Target, request: LoadRequest) -> Inventory: ...


@dataclass(frozen=True)
class InputKind:
    """One kind of input: the files it comes from and the module that reads it."""

    name: str
    reader: str  # dotted module name of an InputReader, imported when a target is read
    suffixes: tuple[str, ...]  # file names that may hold this kind
    marker: re.Pattern[bytes] | None = None  # content that must appear (for shared suffixes)
    module: bool = False  # the target is the directory of such files (Terraform root modules)
    stands_for_module: tuple[str, ...] = ()  # other files that, given, mean their module
    # The prefilter: False for a file of this kind that cannot concern KMS (not read then).
    relevant: Callable[[bytes], bool] | None = None

    def read(self, target: Target, request: LoadRequest) -> Inventory:
        return cast(InputReader, import_module(self.reader)).read_input(target, request)


INPUT_KINDS: dict[str, InputKind] = {}


def register_input_kind(kind: InputKind) -> None:
    """Add a kind of input; files are tried against the kinds in the order they were added."""
    if kind.name in INPUT_KINDS:
        raise ValueError(f"input kind {kind.name!r} is already registered")
    INPUT_KINDS[kind.name] = kind


register_input_kind(
    InputKind(
        TERRAFORM,
        "kmslint.terraform.loader",
        (".tf", ".tf.json"),
        module=True,
        stands_for_module=(".tfvars", ".tfvars.json", "kmslint-usage.yml"),
    )
)
register_input_kind(
    InputKind(
        ROS,
        "kmslint.ros",
        (".yml", ".yaml", ".json", ".template"),
        marker=re.compile(rb"ROSTemplateFormatVersion"),
        relevant=may_concern_kms,
    )
)
register_input_kind(
    InputKind(
        PLAN,
        "kmslint.terraform.plan",
        (".json",),
        re.compile(rb'"planned_values"|"resource_changes"'),
    )
)


def _named(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file name ends with one of the ``.suffix`` patterns or is one of the names."""
    return any(name.endswith(p) if p.startswith(".") else name == p for p in patterns)


def _module_kind() -> InputKind:
    return next(kind for kind in INPUT_KINDS.values() if kind.module)


def _file_suffixes() -> tuple[str, ...]:
    return tuple(s for kind in INPUT_KINDS.values() if not kind.module for s in kind.suffixes)


def _skipped_dir(name: str) -> bool:
    return name.startswith(".") or name == "node_modules"


def _sniff(path: Path, prefilter: bool = True) -> str | None:
    """The first file kind whose suffix and marker the file has (ROS, plan), else None.

    With ``prefilter``, a file its kind finds irrelevant (a ROS template that names no KMS type
    and no consumer type) is None too.
    """
    kinds = [k for k in INPUT_KINDS.values() if not k.module and _named(path.name, k.suffixes)]
    if not kinds:
        return None
    from kmslint.safeio import is_regular_file, read_head

    if not is_regular_file(path):  # a FIFO or a device would block or never end
        return None
    head = read_head(path, MAX_SNIFF_BYTES)
    kind = next((k for k in kinds if k.marker is None or k.marker.search(head)), None)
    if kind is None or (prefilter and kind.relevant is not None and not kind.relevant(head)):
        return None
    return kind.name


def _entries(directory: Path) -> tuple[list[os.DirEntry[str]], list[os.DirEntry[str]]]:
    """The subdirectories (links to directories included, as ``os.walk`` lists them) and the
    other entries of ``directory``, each sorted by name; nothing for an unreadable directory."""
    subdirectories: list[os.DirEntry[str]] = []
    others: list[os.DirEntry[str]] = []
    try:
        with os.scandir(directory) as found:
            for entry in found:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (subdirectories if is_dir else others).append(entry)
    except OSError:
        return [], []
    return sorted(subdirectories, key=_name), sorted(others, key=_name)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _kept(
    here: Path, real: Path, excludes: Excludes, shadowed: frozenset[int]
) -> tuple[list[str], list[str]]:
    """The subdirectories to walk (not links, not hidden) and the other entries of ``here``
    (resolved: ``real``) that no exclude matches, the directory's own ``.gitignore`` and config
    counted; an entry that is not a link resolves to ``real / name``, so only links are
    resolved."""

    def kept(entry: os.DirEntry[str], is_dir: bool) -> bool:
        resolved = None if entry.is_symlink() else real / entry.name
        return not excludes.excluded(here / entry.name, is_dir, shadowed, resolved)

    subdirectories, others = _entries(here)
    excludes.enter(real, resolved=True, listed=frozenset(e.name for e in subdirectories + others))
    walked = [
        d.name
        for d in subdirectories
        if not d.is_symlink() and not _skipped_dir(d.name) and kept(d, True)
    ]
    return walked, [entry.name for entry in others if kept(entry, False)]


def _walk(root: Path, prefilter: bool, excludes: Excludes) -> tuple[list[Path], list[Target]]:
    """Depth first, in name order, not into links to directories; each directory is resolved
    once, from its parent."""
    module_dirs: list[Path] = []
    files: list[Target] = []
    excludes.prepare(root)
    shadowed = excludes.shadow(root)
    pending = [(root, root.resolve())]
    while pending:
        here, real = pending.pop()
        walked, names = _kept(here, real, excludes, shadowed)
        if any(n.endswith(_module_kind().suffixes) for n in names):
            module_dirs.append(here)
        for name in names:
            if name.endswith(_file_suffixes()) and not name.startswith("."):
                kind = _sniff(here / name, prefilter)
                if kind:
                    files.append(Target(kind, here / name))
        pending += [(here / d, real / d) for d in reversed(walked)]
    return module_dirs, files


def _roots(module_dirs: list[Path], workspace: Workspace) -> list[Path]:
    """Module directories no other scanned module calls, that can reach a KMS key."""
    resolved = {d.resolve(): d for d in module_dirs}
    called: set[Path] = set()
    for directory in resolved:
        called |= {c for c in workspace.local_calls(directory) if c != directory}
    return [resolved[d] for d in sorted(resolved) if d not in called and workspace.reaches_kms(d)]


def _target_for_file(path: Path, prefilter: bool) -> Target | None:
    module = _module_kind()
    if _named(path.name, module.suffixes + module.stands_for_module):
        has_module = any(p.name.endswith(module.suffixes) for p in path.parent.iterdir())
        return Target(module.name, path.parent) if has_module else None
    if path.name.endswith(_file_suffixes()):
        kind = _sniff(path, prefilter)
        return Target(kind, path) if kind else None
    return None


def discover(
    paths: list[Path], workspace: Workspace | None = None, excludes: Excludes | None = None
) -> list[Target]:
    """Every root module, plan and template under ``paths``, each once, in a stable order."""
    workspace = workspace or Workspace()
    excludes = excludes or Excludes(gitignore=False, configs=False)
    targets: list[Target] = []
    given_modules: list[
        Path
    ] = []  # module directories of the files given (as pre-commit passes them)
    given_files: list[Target] = []
    for path in paths:
        if not path.exists():
            raise InputError(str(path), None, "no such file or directory")
        if path.is_dir():
            module_dirs, files = _walk(path, workspace.prefilter, excludes)
            targets += [Target(_module_kind().name, d) for d in _roots(module_dirs, workspace)]
            targets += files
        else:
            excludes.prepare(path.parent)
            if excludes.excluded(path, False):
                continue
            target = _target_for_file(path, workspace.prefilter)
            if target is not None and target.kind == _module_kind().name:
                given_modules.append(target.path)
            elif target is not None:
                given_files.append(target)
    # A module directory that another given module calls is evaluated through its caller only,
    # as in a directory walk, so that all the files of a repository give the repository's report.
    targets += [Target(_module_kind().name, d) for d in _roots(given_modules, workspace)]
    targets += given_files
    unique: dict[tuple[str, Path], Target] = {}
    for target in targets:
        unique.setdefault((target.kind, target.path.resolve()), target)
    return list(unique.values())
