"""The Terraform files of one run: read once, and a cheap text prefilter over them.

A module directory *matters* when its text mentions a KMS resource or an attribute by which a
resource names a key or asks for encryption; a module *reaches KMS* when it, or any local
module it calls (transitively), matters. Roots that do not reach KMS are never parsed, and
children that do not reach KMS are parsed only if an expression asks for one of their outputs,
so the prefilter never changes a result.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from kmslint.consumers import consumer_catalogue
from kmslint.errors import InputError
from kmslint.terraform.config import read_text
from kmslint.terraform.summaries import Signature, SummaryCache

_MODULE_BLOCK = re.compile(r'\bmodule\s+"[^"]*"\s*\{')
# Horizontal whitespace only: ``^\s*`` would run over every blank line from every line start.
_NEXT_BLOCK = re.compile(
    r"^[ \t]*(?:resource|data|module|variable|output|locals|provider|terraform|moved|import)\b",
    re.M,
)
_LOCAL_SOURCE = re.compile(r'\bsource\s*=\s*"(\.{1,2}/[^"]*)"')


_ANY_SOURCE = re.compile(r'\bsource\s*=\s*"([^"]*)"')


def calls_remote_module(text: str) -> bool:
    """A module block whose source is not a local path: its keys may be downloaded ones."""
    for block in _MODULE_BLOCK.finditer(text):
        following = _NEXT_BLOCK.search(text, block.end())
        segment = text[block.end() : following.start() if following else len(text)]
        if any(not s.startswith(("./", "../")) for s in _ANY_SOURCE.findall(segment)):
            return True
    return False


def local_sources(text: str) -> list[str]:
    """Local ``source`` paths of the module blocks in ``text``, however the block is laid out
    (on one line, with a comment after the value). A superset is safe; a miss is not."""
    found: list[str] = []
    for block in _MODULE_BLOCK.finditer(text):
        following = _NEXT_BLOCK.search(text, block.end())
        segment = text[block.end() : following.start() if following else len(text)]
        found += _LOCAL_SOURCE.findall(segment)
    return found


@lru_cache(maxsize=1)
def relevant_pattern() -> re.Pattern[str]:
    """Words whose presence means a file may declare or use a KMS key."""
    catalogue = consumer_catalogue()
    words = {"alicloud_kms", *catalogue.provider_data_sources}
    for name, kind in catalogue.terraform.items():
        words |= {
            _distinctive(path, name)
            for path in (*kind.key_paths, *kind.encrypted_paths, *kind.provider_calls)
        }
    return re.compile("|".join(sorted(re.escape(w) for w in words)))


_KEYISH = re.compile(r"kms|key|encrypt|sse|tde")


def _distinctive(path: str, resource_type: str) -> str:
    """The word of ``a.b.c`` that a file must contain to use it: the last segment that is
    about keys or encryption (``status``, ``enable`` alone would match everything), else
    the resource type itself."""
    segments = path.split(".")
    return next((s for s in reversed(segments) if _KEYISH.search(s)), resource_type)


class Workspace:
    def __init__(self, prefilter: bool = True, remember: bool = False) -> None:
        self.prefilter = prefilter
        self._texts: dict[Path, str | InputError] = {}
        self._reaches: dict[Path, bool] = {}
        self._files: dict[Path, list[Path]] = {}
        self._signatures: dict[Path, Signature] = {}
        self._calls: dict[Path, set[Path]] = {}
        self._matters: dict[Path, bool] = {}
        self.summaries = SummaryCache.for_run(remember and prefilter, relevant_pattern().pattern)

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
            self._list(directory)
        return self._files[directory]

    def _list(self, directory: Path) -> None:
        """The directory's ``.tf`` files and their (name, size, mtime) signature."""
        found: list[tuple[str, int, int]] = []
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.name.endswith((".tf", ".tf.json")) and entry.is_file():
                        stat = entry.stat()
                        found.append((entry.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found = []
        found.sort()
        self._files[directory] = [directory / name for name, _size, _mtime in found]
        self._signatures[directory] = [list(item) for item in found]

    def _summary(self, directory: Path) -> None:
        """Whether the directory matters and what it calls: remembered, or read from its files."""
        if directory in self._matters:
            return
        self.tf_files(directory)
        remembered = self.summaries.get(directory, self._signatures[directory])
        if remembered is None:
            remembered = (self._any_relevant(directory), self._read_calls(directory))
            self.summaries.put(directory, self._signatures[directory], *remembered)
        self._matters[directory], self._calls[directory] = remembered

    def local_calls(self, directory: Path) -> set[Path]:
        self._summary(directory)
        return self._calls[directory]

    def _read_calls(self, directory: Path) -> set[Path]:
        called: set[Path] = set()
        for path in self.tf_files(directory):
            text = self._safe_text(path)
            if "source" in text:
                called |= {(directory / source).resolve() for source in local_sources(text)}
        return called

    def matters(self, directory: Path) -> bool:
        """A file that cannot be read matters too: its error must be reported, not skipped."""
        self._summary(directory)
        return self._matters[directory]

    def save(self) -> None:
        self.summaries.save()

    def _any_relevant(self, directory: Path) -> bool:
        pattern = relevant_pattern()
        for path in self.tf_files(directory):
            try:
                text = self.text(path)
                if pattern.search(text) or ("module" in text and calls_remote_module(text)):
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
            missing = not current.is_dir()  # its keys are unknown: evaluate, report the call
            if missing or self._reaches.get(current) or self.matters(current):
                self._reaches[directory] = True
                return True
            pending.extend(self.local_calls(current))
        self._reaches[directory] = False
        return False
