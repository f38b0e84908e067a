"""``--trusted-config-from GITREF``: the policy files of a git ref, not of the pull request.

:func:`kmslint.gitref.trusted_tree` copies every ``.kmslint.yaml`` of the ref, and the rules
directories and baselines those configs name, to a temporary directory. While a command runs
with it (:func:`activate` until :func:`reset`), every config lookup in the repository's work
tree (``config.config_in``) is answered from that copy: the pull request's own config files,
rules and baselines are never read. Each lookup also notes whether the work tree has a
different file there, so the report can say whether the pull request changed the policy.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMPARE_LIMIT = 5 * 1024 * 1024  # bytes of a work-tree file read to compare it with the ref's


@dataclass
class TrustedTree:
    """The ref's policy files, copied under ``root``; ``repo`` is the work tree they stand for."""

    ref: str
    commit: str
    repo: Path
    root: Path
    aliases: list[Path] = field(default_factory=list)  # other copies of the repository (diff)
    used: set[str] = field(default_factory=set)  # configs that applied, as shown
    changed: set[str] = field(default_factory=set)  # repo-relative paths the tree changes
    compared: set[str] = field(default_factory=set)

    def relative(self, directory: Path) -> str | None:
        """``directory`` relative to the repository (or an alias of it), else None."""
        resolved = Path(os.path.realpath(directory))
        for top in (self.repo, *self.aliases):
            if resolved == top or resolved.is_relative_to(top):
                return resolved.relative_to(top).as_posix()
        return None

    def copy_of(self, relative: str) -> Path:
        return self.root if relative in ("", ".") else self.root / relative

    def shown(self, relative: str) -> str:
        return f"{self.ref}:{relative}"

    def compare(self, relative: str) -> None:
        """Note ``relative`` as changed when the work tree's file differs from the ref's."""
        if relative in self.compared:
            return
        self.compared.add(relative)
        if _contents(self.repo / relative) != _contents(self.copy_of(relative)):
            self.changed.add(relative)

    def to_json(self) -> dict[str, Any]:
        return {
            "trusted_from": self.ref,
            "commit": self.commit,
            "configs": sorted(self.used),
            "tree_changed": bool(self.changed),
            "changed_in_tree": sorted(self.changed),
        }


def _contents(path: Path) -> bytes | None:
    """A regular file's bytes (None when missing); anything else reads as a marker value."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return b"\0not a regular file"
    if info.st_size > COMPARE_LIMIT:
        return b"\0large:" + str(info.st_size).encode()
    try:
        return path.read_bytes()
    except OSError:
        return b"\0unreadable"


_ACTIVE: TrustedTree | None = None


def activate(tree: TrustedTree) -> None:
    global _ACTIVE
    _ACTIVE = tree


def active() -> TrustedTree | None:
    return _ACTIVE


def display(path: Path) -> str:
    """A path of the trusted copy as ``REF:path`` (any other path as it is)."""
    if _ACTIVE is not None:
        resolved = Path(os.path.realpath(path))
        if resolved.is_relative_to(_ACTIVE.root):
            return _ACTIVE.shown(resolved.relative_to(_ACTIVE.root).as_posix())
    return str(path)


def reset() -> None:
    """End the trusted mode of a command and remove its copy."""
    global _ACTIVE
    if _ACTIVE is not None:
        import shutil  # only when a trusted tree was written

        shutil.rmtree(_ACTIVE.root, ignore_errors=True)
    _ACTIVE = None
