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

# No ``\b`` in front: a pattern that starts with a literal is searched for that literal first,
# one with an assertion is tried at every position (20 times slower); ``module_blocks`` finds
# each "module" with ``str.find`` and matches there, the look-behind keeps ``\b``'s meaning.
_MODULE_BLOCK = re.compile(r'(?<!\w)module\s+"[^"]*"\s*\{')
# Horizontal whitespace only: ``^\s*`` would run over every blank line from every line start.
_NEXT_BLOCK = re.compile(
    r"^[ \t]*(?:resource|data|module|variable|output|locals|provider|terraform|moved|import)\b",
    re.M,
)
_LOCAL_SOURCE = re.compile(r'\bsource\s*=\s*"(\.{1,2}/[^"]*)"')


_ANY_SOURCE = re.compile(r'\bsource\s*=\s*"([^"]*)"')


def module_blocks(text: str) -> list[str]:
    """The text of each module block (from its ``{`` to the next top-level block): what
    ``_MODULE_BLOCK.finditer`` finds, without trying the pattern at every position."""
    segments: list[str] = []
    start = text.find("module")
    while start >= 0:
        block = _MODULE_BLOCK.match(text, start)
        if block is None:
            start = text.find("module", start + 1)
            continue
        following = _NEXT_BLOCK.search(text, block.end())
        segments.append(text[block.end() : following.start() if following else len(text)])
        start = text.find("module", block.end())
    return segments


def calls_remote_module(text: str) -> bool:
    """A module block whose source is not a local path: its keys may be downloaded ones."""
    return _calls_remote(module_blocks(text))


def _calls_remote(segments: list[str]) -> bool:
    return any(
        not source.startswith(("./", "../"))
        for segment in segments
        for source in _ANY_SOURCE.findall(segment)
    )


def local_sources(text: str) -> list[str]:
    """Local ``source`` paths of the module blocks in ``text``, however the block is laid out
    (on one line, with a comment after the value). A superset is safe; a miss is not."""
    return _local_sources(module_blocks(text))


def _local_sources(segments: list[str]) -> list[str]:
    return [source for segment in segments for source in _LOCAL_SOURCE.findall(segment)]


def _relevant_words() -> set[str]:
    catalogue = consumer_catalogue()
    words = {"alicloud_kms", *catalogue.provider_data_sources}
    for name, kind in catalogue.terraform.items():
        words |= {
            _distinctive(path, name)
            for path in (*kind.key_paths, *kind.encrypted_paths, *kind.provider_calls)
        }
    return words


@lru_cache(maxsize=1)
def relevant_words() -> tuple[str, ...]:
    """The words of ``relevant_pattern`` that contain none of the others: a text holds one of
    the pattern's words exactly when it holds one of these (``encryption_key`` holds
    ``encryption``), and ``in`` finds a word several times faster than the alternation."""
    words = _relevant_words()
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def is_relevant(text: str) -> bool:
    """``relevant_pattern().search(text)``, as a truth value, faster."""
    return any(word in text for word in relevant_words())


@lru_cache(maxsize=1)
def relevant_pattern() -> re.Pattern[str]:
    """Words whose presence means a file may declare or use a KMS key."""
    return re.compile("|".join(sorted(re.escape(w) for w in _relevant_words())))


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
            remembered = self._read_summary(directory)
            self.summaries.put(directory, self._signatures[directory], *remembered)
        self._matters[directory], self._calls[directory] = remembered

    def local_calls(self, directory: Path) -> set[Path]:
        self._summary(directory)
        return self._calls[directory]

    def _read_summary(self, directory: Path) -> tuple[bool, set[Path]]:
        """Read each file once: whether one matters (a file that cannot be read matters too:
        its error must be reported, not skipped) and the local modules they call."""
        matters = False
        called: set[Path] = set()
        for path in self.tf_files(directory):
            try:
                text = self.text(path)
            except InputError:
                matters = True
                continue
            segments = module_blocks(text)
            matters = matters or is_relevant(text) or _calls_remote(segments)
            called |= {(directory / source).resolve() for source in _local_sources(segments)}
        return matters, called

    def matters(self, directory: Path) -> bool:
        self._summary(directory)
        return self._matters[directory]

    def save(self) -> None:
        self.summaries.save()

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
