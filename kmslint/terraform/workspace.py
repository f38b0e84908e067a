"""The Terraform files of one run: read once, and a cheap text prefilter over them.

A module directory *matters* when its text mentions a KMS resource or an attribute by which a
resource names a key or asks for encryption; a module *reaches KMS* when it, or any local
module it calls (transitively), matters. Roots that do not reach KMS are never parsed, and
children that do not reach KMS are parsed only if an expression asks for one of their outputs,
so the prefilter never changes a result.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kmslint.consumers import consumer_catalogue
from kmslint.errors import InputError
from kmslint.terraform.config import read_text

_LOCAL_SOURCE = re.compile(r"""^\s*source\s*=\s*"(\.{1,2}/[^"]*)"\s*$""", re.M)


@lru_cache(maxsize=1)
def relevant_pattern() -> re.Pattern[str]:
    """Words whose presence means a file may declare or use a KMS key."""
    catalogue = consumer_catalogue()
    words = {"alicloud_kms", *catalogue.provider_data_sources}
    for kind in catalogue.terraform.values():
        words |= {path.split(".")[-1] for path in (*kind.key_paths, *kind.encrypted_paths, *kind.provider_calls)}
    return re.compile("|".join(sorted(re.escape(w) for w in words)))


class Workspace:
    def __init__(self, prefilter: bool = True) -> None:
        self.prefilter = prefilter
        self._texts: dict[Path, str | InputError] = {}
        self._reaches: dict[Path, bool] = {}
        self._files: dict[Path, list[Path]] = {}
        self._calls: dict[Path, set[Path]] = {}
        self._matters: dict[Path, bool] = {}

    def text(self, path: Path) -> str:
        if path not in self._texts:
            try:
                self._texts[path] = read_text(path)
            except InputError as exc:
                self._texts[path] = exc
        value = self._texts[path]
        if isinstance(value, InputError):
            raise value
        return value

    def _safe_text(self, path: Path) -> str:
        try:
            return self.text(path)
        except InputError:
            return ""

    def tf_files(self, directory: Path) -> list[Path]:
        if directory not in self._files:
            try:
                self._files[directory] = sorted(p for p in directory.glob("*.tf") if p.is_file())
            except OSError:
                self._files[directory] = []
        return self._files[directory]

    def local_calls(self, directory: Path) -> set[Path]:
        if directory not in self._calls:
            called: set[Path] = set()
            for path in self.tf_files(directory):
                text = self._safe_text(path)
                if "source" in text:
                    called |= {(directory / m.group(1)).resolve() for m in _LOCAL_SOURCE.finditer(text)}
            self._calls[directory] = called
        return self._calls[directory]

    def matters(self, directory: Path) -> bool:
        """A file that cannot be read matters too: its error must be reported, not skipped."""
        if directory not in self._matters:
            self._matters[directory] = self._any_relevant(directory)
        return self._matters[directory]

    def _any_relevant(self, directory: Path) -> bool:
        pattern = relevant_pattern()
        for path in self.tf_files(directory):
            try:
                if pattern.search(self.text(path)):
                    return True
            except InputError:
                return True
        return False

    def reaches_kms(self, directory: Path) -> bool:
        """True when the module or a local module it calls may declare or use a key."""
        if not self.prefilter:
            return True
        directory = directory.resolve()
        pending, seen = [directory], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            if self._reaches.get(current) or self.matters(current):
                self._reaches[directory] = True
                return True
            pending.extend(self.local_calls(current))
        self._reaches[directory] = False
        return False
