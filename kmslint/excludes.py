"""What not to scan: ``--exclude``, ``exclude:`` in ``.kmslint.yaml`` and ``.gitignore``.

Patterns are gitignore-style (the ``pathspec`` library, as pre-commit and black use): each is
relative to where it was written — the working directory for ``--exclude``, the config file's
directory, the ``.gitignore``'s directory — and the last pattern that matches a path decides.
``.gitignore`` files count inside a git work tree unless ``--no-gitignore``. A file named on the
command line (as pre-commit passes them) is excluded like a found one; a directory named on the
command line is scanned even if a pattern matches it, and the patterns apply below it.
Excluded directories are not walked and excluded files are not opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GITIGNORE = ".gitignore"


def git_root(directory: Path) -> Path | None:
    """The work tree holding ``directory`` (the nearest directory with a ``.git``), if any."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@dataclass(frozen=True)
class Rule:
    """The patterns of one source (a ``.gitignore``, a config, ``--exclude``) and their base."""

    base: Path  # resolved
    spec: Any  # pathspec.GitIgnoreSpec
    origin: str

    def relative(self, resolved: str) -> str | None:
        """The POSIX path of a resolved path below ``base``; None for ``base`` itself or outside."""
        prefix = str(self.base).rstrip(os.sep) + os.sep
        if not resolved.startswith(prefix) or len(resolved) == len(prefix):
            return None
        return resolved[len(prefix) :].replace(os.sep, "/")


def compile_patterns(base: Path, patterns: list[str], origin: str) -> Rule | None:
    lines = [p for p in patterns if p.strip() and not p.lstrip().startswith("#")]
    if not lines:
        return None
    import pathspec  # only when there are patterns: it costs a pre-commit run ~10 ms to import

    return Rule(base.resolve(), pathspec.GitIgnoreSpec.from_lines(lines), origin)


@dataclass
class Excludes:
    """The exclude rules of one scan, gathered as the walk enters directories."""

    gitignore: bool = True
    configs: bool = True  # read ``exclude:`` of the .kmslint.yaml files met (not with --config)
    rules: list[Rule] = field(default_factory=list)
    entered: set[Path] = field(default_factory=set)
    git_roots: dict[Path, Path | None] = field(default_factory=dict)  # directory -> work tree

    @classmethod
    def from_options(cls, options: Any) -> Excludes:
        from kmslint.config import load_config

        excludes = cls(gitignore=options.gitignore, configs=options.config_file is None)
        excludes.add(Path.cwd(), list(options.excludes), "--exclude")
        if options.config_file is not None:
            config = load_config(options.config_file)
            patterns = [str(s.value) for s in config.exclude]
            excludes.add(options.config_file.resolve().parent, patterns, str(options.config_file))
        return excludes

    def add(self, base: Path, patterns: list[str], origin: str) -> None:
        rule = compile_patterns(base, patterns, origin)
        if rule is not None:
            self.rules.append(rule)

    def enter(
        self, directory: Path, resolved: bool = False, listed: frozenset[str] | None = None
    ) -> None:
        """Read the ``.gitignore`` and config of ``directory`` (once). ``listed``: the names
        in the directory, when the caller has listed it (a walk has): no lookups then for
        files that are not there."""
        directory = directory if resolved else directory.resolve()
        if directory in self.entered:
            return
        self.entered.add(directory)
        if listed is not None and directory not in self.git_roots:
            root = directory if ".git" in listed else self.git_root(directory.parent)
            self.git_roots[directory] = root
        if self.gitignore and self.git_root(directory) is not None:
            ignore = directory / GITIGNORE
            if (listed is None or GITIGNORE in listed) and ignore.is_file():
                try:
                    text = ignore.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
                self.add(directory, text.splitlines(), str(ignore))
        if self.configs:
            self._config_patterns(directory, listed)

    def _config_patterns(self, directory: Path, listed: frozenset[str] | None) -> None:
        from kmslint.config import config_in, display_path, load_config

        found = config_in(directory, listed)
        if found is not None:
            config = load_config(Path(display_path(found)))
            self.add(directory, [str(s.value) for s in config.exclude], found.name)

    def git_root(self, directory: Path) -> Path | None:
        """:func:`git_root` of a resolved directory, one ``.git`` lookup per directory a walk meets."""
        chain: list[Path] = []
        current = directory
        while current not in self.git_roots:
            chain.append(current)
            if (current / ".git").exists():
                self.git_roots[current] = current
            elif current.parent == current:
                self.git_roots[current] = None
            else:
                current = current.parent
        for below in chain:
            self.git_roots[below] = self.git_roots[current]
        return self.git_roots[directory]

    def prepare(self, path: Path) -> None:
        """Enter every directory from the git root (or ``path``) down to ``path``."""
        directory = path.resolve()
        top = self.git_root(directory) or directory
        chain = [directory, *directory.parents]
        for ancestor in reversed(chain[: chain.index(top) + 1] if top in chain else [directory]):
            self.enter(ancestor)

    def excluded(
        self,
        path: Path,
        is_dir: bool,
        shadowed: frozenset[int] = frozenset(),
        resolved: Path | None = None,
    ) -> bool:
        """Whether the last pattern matching ``path`` excludes it (``resolved``: its resolved
        form, when the caller knows it: a walk does for every entry that is not a link)."""
        if not self.rules:
            return False
        result = False
        text = str(resolved if resolved is not None else path.resolve())
        for index, rule in enumerate(self.rules):
            relative = None if index in shadowed else rule.relative(text)
            if relative is None:
                continue
            check = rule.spec.check_file(relative + ("/" if is_dir else ""))
            if check.include is not None:
                result = bool(check.include)
        return result

    def shadow(self, directory: Path) -> frozenset[int]:
        """Rules that exclude a directory named on the command line: off below it."""
        directory = directory.resolve()
        found = set()
        for index, rule in enumerate(self.rules):
            for candidate in (directory, *directory.parents):
                if candidate == rule.base or rule.base not in candidate.parents:
                    break
                relative = candidate.relative_to(rule.base).as_posix() + "/"
                if rule.spec.check_file(relative).include:
                    found.add(index)
        return frozenset(found)
