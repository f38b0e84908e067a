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
    base: Path
    spec: Any  # pathspec.GitIgnoreSpec
    origin: str


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

    def enter(self, directory: Path) -> None:
        """Read the ``.gitignore`` and config of ``directory`` (once)."""
        directory = directory.resolve()
        if directory in self.entered:
            return
        self.entered.add(directory)
        if self.gitignore and git_root(directory) is not None:
            ignore = directory / GITIGNORE
            if ignore.is_file():
                try:
                    text = ignore.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
                self.add(directory, text.splitlines(), str(ignore))
        if self.configs:
            self._config_patterns(directory)

    def _config_patterns(self, directory: Path) -> None:
        from kmslint.config import config_in, display_path, load_config

        found = config_in(directory)
        if found is not None:
            config = load_config(Path(display_path(found)))
            self.add(directory, [str(s.value) for s in config.exclude], found.name)

    def prepare(self, path: Path) -> None:
        """Enter every directory from the git root (or ``path``) down to ``path``."""
        directory = path.resolve()
        top = git_root(directory) or directory
        chain = [directory, *directory.parents]
        for ancestor in reversed(chain[: chain.index(top) + 1] if top in chain else [directory]):
            self.enter(ancestor)

    def excluded(self, path: Path, is_dir: bool, shadowed: frozenset[int] = frozenset()) -> bool:
        result = False
        path = path.resolve()
        for index, rule in enumerate(self.rules):
            if index in shadowed or (path != rule.base and rule.base not in path.parents):
                continue
            relative = path.relative_to(rule.base).as_posix()
            if relative == ".":
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
