"""The Terraform prefilter, run on the blobs of a git commit instead of files on disk.

``kmslint diff --base`` writes the base state to a temporary directory. A scan skips every
module directory that cannot reach a KMS key, so writing those would only cost time: this module
tells which directories a scan of the base can read. It applies the scan's own test (the same
pattern, the same local ``source`` calls, an unreadable file matters) to the blobs, so the
base's report is the same as with every file written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from kmslint.terraform.config import MAX_FILE_BYTES
from kmslint.terraform.workspace import _LOCAL_SOURCE, is_relevant

if TYPE_CHECKING:
    from kmslint.gitref import Blob

ReadBlobs = Callable[[list["Blob"]], dict[str, bytes]]


def _text(data: bytes) -> str | None:
    """The file's text as the scan reads it; None when the scan cannot read it (it matters)."""
    if len(data) > MAX_FILE_BYTES or b"\0" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _called(directory: str, text: str) -> set[str]:
    """Repository-relative directories of the local modules ``text`` calls (inside the repo)."""
    if "source" not in text:
        return set()
    found = set()
    for match in _LOCAL_SOURCE.finditer(text):
        target = posixpath.normpath(posixpath.join(directory, match.group(1)))
        if target != ".." and not target.startswith("../"):
            found.add(target)
    return found


class ModuleGraph:
    """Which directories of a commit matter for KMS and which local modules each calls."""

    def __init__(self, index: dict[str, list[Blob]], read: ReadBlobs) -> None:
        self.index, self.read = index, read
        self.matters: dict[str, bool] = {}
        self.calls: dict[str, set[str]] = {}

    def _tf_blobs(self, directory: str) -> list[Blob]:
        return [b for b in self.index.get(directory, []) if b.path.endswith(".tf")]

    def explore(self, directories: list[str]) -> None:
        """Summarise ``directories`` and, level by level, every local module they call."""
        frontier = sorted(set(directories) - self.matters.keys())
        while frontier:
            contents = self.read([b for d in frontier for b in self._tf_blobs(d)])
            found: set[str] = set()
            for directory in frontier:
                texts = [_text(contents[b.sha]) for b in self._tf_blobs(directory)]
                self.matters[directory] = any(t is None or is_relevant(t) for t in texts)
                self.calls[directory] = {
                    called
                    for text in texts
                    if text is not None
                    for called in _called(directory, text)
                    if called in self.index
                }
                found |= self.calls[directory]
            frontier = sorted(found - self.matters.keys())

    def reaches_kms(self, directory: str) -> bool:
        """The directory, or a local module it calls (transitively), matters."""
        return any(self.matters.get(d, False) for d in self.called_closure([directory]))

    def called_closure(self, starts: list[str]) -> set[str]:
        """``starts`` and every module they call, transitively."""
        seen: set[str] = set()
        pending = list(starts)
        while pending:
            current = pending.pop()
            if current not in seen:
                seen.add(current)
                pending.extend(self.calls.get(current, ()))
        return seen
