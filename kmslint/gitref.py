"""The scanned files as they were at a git ref, written to a temporary directory.

Only git's object database is read (``rev-parse``, one ``ls-tree -r``, ``cat-file``): the working
tree, the index and HEAD are never touched. What is read: the files under each scanned path
(for a scanned file, the files of its directory, which is what kmslint analyses), plus the
local Terraform modules those call, transitively, as long as they are inside the repository.
Symbolic links and submodules are skipped; nothing outside the repository is ever read.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kmslint.errors import InputError
from kmslint.trustedtree import TrustedTree

GIT_TIMEOUT_SECONDS = 120
TEMPLATE_SUFFIXES = (".yml", ".yaml", ".json", ".template")  # what discovery sniffs
REGULAR_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"


@dataclass
class Blob:
    path: str  # relative to the repository root, forward slashes
    sha: str


@dataclass
class BaseTree:
    """A temporary copy of the scanned files at ``commit``, under ``root``."""

    repo: Path
    commit: str
    root: Path
    written: set[str] = field(default_factory=set)
    scanned: list[str] = field(default_factory=list)  # directories scanned (recursively)
    contents: dict[str, bytes] = field(default_factory=dict)  # blobs read so far, by sha
    option: str = "--base"  # the command-line option git errors are reported under
    _listing: dict[str, list[Blob]] | None = None

    def listing(self) -> dict[str, list[Blob]]:
        """The commit's files by directory, listed once per tree."""
        if self._listing is None:
            self._listing = list_commit(self.repo, self.commit, self.option)
        return self._listing

    def path_for(self, relative: str) -> Path:
        return (
            self.root
            if relative in ("", ".")
            else self.root.joinpath(*PurePosixPath(relative).parts)
        )


class GitMissing(InputError):
    """No ``git`` on PATH: reported as it is, never re-worded as a bad ref or repository."""


def git(repo: Path, *args: str, stdin: bytes | None = None, option: str = "--base") -> bytes:
    """Run a read-only git command; its failure becomes an InputError with git's message,
    named after the command-line ``option`` that asked for it."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "--literal-pathspecs", *args],
            cwd=repo,
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitMissing(option, None, "git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            option, None, f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS}s"
        ) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(option, None, f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def repository_of(path: Path, option: str = "--base") -> Path:
    directory = path if path.is_dir() else path.parent
    try:
        top = git(directory.resolve(), "rev-parse", "--show-toplevel", option=option)
    except GitMissing:
        raise
    except InputError as exc:
        why = (
            "kmslint diff --base reads the base"
            if option == "--base"
            else f"{option} reads the ref"
        )
        raise InputError(str(path), None, f"not inside a git repository ({why} from git)") from exc
    return Path(top.decode().strip()).resolve()


def resolve_commit(repo: Path, ref: str, option: str = "--base") -> str:
    if not ref or ref.startswith("-"):
        raise InputError(option, None, f"not a git ref: {ref!r}")
    try:
        found = git(
            repo,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{ref}^{{commit}}",
            option=option,
        )
    except GitMissing:
        raise
    except InputError as exc:
        raise InputError(option, None, f"unknown git ref {ref!r}") from exc
    return found.decode().strip()


def relative_to_repo(repo: Path, path: Path) -> str:
    """``path`` relative to the repository root (``.`` for the root); outside it is an error."""
    try:
        relative = path.resolve().relative_to(repo)
    except ValueError as exc:
        raise InputError(str(path), None, f"is outside the git repository {repo}") from exc
    return relative.as_posix() if relative.parts else "."


def list_blobs(tree: BaseTree, directory: str, recursive: bool) -> list[Blob]:
    """Regular files at the tree's commit under ``directory`` (or directly in it, when not
    recursive), from the one listing of the whole commit that ``tree`` keeps."""
    index = tree.listing()
    if not recursive:
        return list(index.get(directory, ()))
    if directory == ".":
        return [blob for blobs in index.values() for blob in blobs]
    prefix = directory + "/"
    return [
        blob
        for folder, blobs in index.items()
        if folder == directory or folder.startswith(prefix)
        for blob in blobs
    ]


def list_commit(repo: Path, commit: str, option: str = "--base") -> dict[str, list[Blob]]:
    """Every regular file at ``commit`` grouped by its directory (``.`` for the root), read
    with one ``git ls-tree -r``."""
    index: dict[str, list[Blob]] = {}
    listing = git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, option=option)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in REGULAR_MODES and safe_relative(path):
            index.setdefault(PurePosixPath(path).parent.as_posix(), []).append(Blob(path, sha))
        elif kind == "blob" and mode == SYMLINK_MODE and safe_relative(path):
            followed = _followed_link(repo, commit, path, sha)
            if followed is not None:
                index.setdefault(PurePosixPath(path).parent.as_posix(), []).append(followed)
    return index


def _followed_link(repo: Path, commit: str, path: str, sha: str) -> Blob | None:
    """A symbolic link read as the working tree reads it: the regular file it points to in
    the repository (at the same commit), under the link's own path; None when it leaves the
    repository or points at anything but a regular file (the scan then refuses it too)."""
    target = git(repo, "cat-file", "blob", sha).decode("utf-8", "surrogateescape")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if target.startswith("/") or not safe_relative(joined):
        return None
    listed = git(repo, "ls-tree", "-z", "--full-tree", commit, "--", joined).split(b"\0")[0]
    meta = listed.partition(b"\t")[0].decode().split()
    if len(meta) != 3 or meta[1] != "blob" or meta[0] not in REGULAR_MODES:
        return None
    return Blob(path, meta[2])


def safe_relative(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


def read_blobs(tree: BaseTree, blobs: list[Blob]) -> dict[str, bytes]:
    """The contents of ``blobs`` by sha; those not read yet in one ``git cat-file --batch``."""
    missing = sorted({b.sha for b in blobs} - tree.contents.keys())
    if missing:
        output = git(
            tree.repo, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in missing).encode()
        )
        position = 0
        while position < len(output):
            header_end = output.index(b"\n", position)
            sha, _, size = output[position:header_end].decode().split()
            start = header_end + 1
            tree.contents[sha] = output[start : start + int(size)]
            position = start + int(size) + 1
    return tree.contents


def write_blobs(tree: BaseTree, blobs: list[Blob]) -> None:
    fresh = list({b.path: b for b in blobs if b.path not in tree.written}.values())
    contents = read_blobs(tree, fresh)
    for blob in fresh:
        target = tree.path_for(blob.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(contents[blob.sha])
        tree.written.add(blob.path)


def add_path(tree: BaseTree, relative: str, is_file: bool) -> Path:
    """Note one scanned path (a file's directory is written at once); returns its path in the
    copy. ``write_scanned`` writes what a scanned directory needs."""
    if is_file:
        parent = PurePosixPath(relative).parent.as_posix()
        blobs = list_blobs(tree, parent, recursive=False)
        write_blobs(tree, blobs)
        if any(blob.path == relative for blob in blobs):
            return tree.path_for(relative)
        relative = parent  # the file is new: its directory as it was holds the rest of the module
    else:
        tree.scanned.append(relative)
    target = tree.path_for(relative)
    target.mkdir(parents=True, exist_ok=True)  # a path new since the base: an empty base state
    return target


def add_file(tree: BaseTree, relative: str) -> Path | None:
    """One file (a usage or variables file) as it was at the commit, or None if it did not exist."""
    parent = PurePosixPath(relative).parent.as_posix()
    wanted = [b for b in list_blobs(tree, parent, recursive=False) if b.path == relative]
    write_blobs(tree, wanted)
    return tree.path_for(relative) if wanted else None


def write_scanned(tree: BaseTree, prefilter: bool = True) -> None:
    """Write the scanned directories' Terraform and the local modules it calls, transitively,
    inside the repository, plus the templates a directory walk finds.

    With the prefilter on, only the module directories that can matter are written: those
    that reach KMS (by the scan's own prefilter test, run here on the blobs) and every module
    they call; the scan would skip the rest, so its report is the same with far fewer files
    written. The Terraform is read in one ``git cat-file`` per level of module calls."""
    from kmslint.gitprefilter import ModuleGraph

    index = tree.listing()
    scanned = [d for d in index if any(_is_under(d, s) for s in tree.scanned)]
    given_files = {PurePosixPath(p).parent.as_posix() for p in tree.written}  # already written
    graph = ModuleGraph(index, lambda blobs: read_blobs(tree, blobs))
    graph.explore([*scanned, *given_files])
    starts = [d for d in scanned if not prefilter or graph.reaches_kms(d)] + sorted(given_files)
    for directory in sorted(graph.called_closure(starts)):
        write_blobs(tree, index.get(directory, []))
    write_blobs(
        tree,
        [b for d in scanned for b in index[d] if b.path.endswith(TEMPLATE_SUFFIXES)],
    )


def _is_under(directory: str, scanned: str) -> bool:
    return scanned == "." or directory == scanned or directory.startswith(scanned + "/")


TRUSTED_OPTION = "--trusted-config-from"


def trusted_tree(start: Path, ref: str, root: Path) -> TrustedTree:
    """The policy files of ``ref`` copied under ``root``: every ``.kmslint.yaml`` of the commit
    and the rules directories and baselines they name inside the repository (as the ref has
    them). The work tree is never read; a broken config at the ref stops the run."""
    from kmslint.config import CONFIG_NAMES, parse_config

    repo = repository_of(start, TRUSTED_OPTION)
    commit = resolve_commit(repo, ref, TRUSTED_OPTION)
    tree = BaseTree(repo, commit, root, option=TRUSTED_OPTION)
    trusted = TrustedTree(ref, commit, repo, root)
    configs = [
        blob
        for blobs in tree.listing().values()
        for blob in blobs
        if PurePosixPath(blob.path).name in CONFIG_NAMES
    ]
    write_blobs(tree, configs)
    for blob in configs:
        copy = tree.path_for(blob.path)
        text = tree.contents[blob.sha].decode("utf-8", "replace")
        config = parse_config(text, copy, True, trusted.shown(blob.path), repo)
        policy_files = [s.value for s in config.rules_dirs]
        if config.baseline is not None:
            policy_files.append(config.baseline.value)
        for path in policy_files:
            _copy_policy_path(tree, trusted, Path(path))
    return trusted


def _copy_policy_path(tree: BaseTree, trusted: TrustedTree, path: Path) -> None:
    """A rules directory (its files) or a baseline named by a trusted config, when it lies in
    the repository: copied from the ref and compared with the work tree's."""
    try:
        relative = Path(posixpath.normpath(path.as_posix())).relative_to(tree.root).as_posix()
    except ValueError:
        return  # outside the repository: the pipeline's own file, read where it is
    listing = tree.listing()
    if relative in listing:  # a directory of the ref
        blobs = list(listing[relative])
        names = {blob.path for blob in blobs}
        work = trusted.repo / relative
        if work.is_dir():
            names |= {f"{relative}/{p.name}" for p in work.iterdir()}
    else:
        parent = PurePosixPath(relative).parent.as_posix()
        blobs = [b for b in listing.get(parent, []) if b.path == relative]
        names = {relative}
    write_blobs(tree, blobs)
    for name in sorted(names):
        trusted.compare(name)
