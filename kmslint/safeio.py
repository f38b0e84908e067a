"""Every file kmslint reads or writes on behalf of the scanned tree goes through here.

*The scan root is a jail* (SECURITY.md): a path whose real location (symbolic links resolved)
leaves the scan root — the git work tree of the scanned paths, else the scanned directory — is
refused, unless the pipeline itself named a path outside the root on the command line, or
``--allow-outside-root`` was given. Only regular files are read (never a FIFO or a device,
which could block or never end), and never more than a size cap.

*Writes never follow links and never half-write*: the text goes to a temporary file in the
target's directory and is renamed over the target (``os.replace``); a symbolic link at the
target is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kmslint.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REPORT_BYTES = 32 * 1024 * 1024  # a saved JSON report (merge, comment --report, --compare-to)


@dataclass
class Jail:
    """The roots a run may read below; ``open`` when --allow-outside-root turned it off."""

    roots: list[Path] = field(default_factory=list)
    open: bool = True

    def contains(self, path: Path) -> bool:
        return self.open or any(path == root or path.is_relative_to(root) for root in self.roots)


_JAIL = Jail()


def work_tree_of(path: Path) -> Path:
    """The git work tree holding ``path``, else the directory itself (a file's parent)."""
    resolved = Path(os.path.realpath(path))
    directory = resolved if resolved.is_dir() else resolved.parent
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return directory


def confine(paths: list[Path], allow_outside: bool = False) -> Jail:
    """Confine reads to the scan roots of ``paths`` until :func:`release` (end of the command)."""
    global _JAIL
    _JAIL = Jail(sorted({work_tree_of(p) for p in paths}), open=allow_outside)
    _DIRECTORY_INSIDE.clear()
    return _JAIL


def release() -> None:
    global _JAIL
    _JAIL = Jail()
    _DIRECTORY_INSIDE.clear()
    _WARNED.clear()
    _NAMED.clear()


_NAMED: set[str] = set()


def name_by_pipeline(path: Path) -> None:
    """Remember a path the pipeline gave (--config, KMSLINT_CONFIG): trusted, wherever it is."""
    _NAMED.add(os.path.abspath(path))


def named_by_pipeline(path: Path) -> bool:
    return os.path.abspath(path) in _NAMED


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """Print a warning on stderr once per command."""
    if message not in _WARNED:
        _WARNED.add(message)
        import click

        click.echo(message, err=True)


def within_scanned_tree(path: Path) -> bool:
    """Whether ``path`` lies in a scan root (whatever --allow-outside-root says)."""
    real = Path(os.path.realpath(path))
    return any(real == root or real.is_relative_to(root) for root in _JAIL.roots)


@contextlib.contextmanager
def jailed(paths: list[Path], allow_outside: bool = False) -> Iterator[Jail]:
    """:func:`confine` for the duration of a block."""
    previous = _JAIL
    try:
        yield confine(paths, allow_outside)
    finally:
        globals()["_JAIL"] = previous
        _DIRECTORY_INSIDE.clear()


def current_jail() -> Jail:
    return _JAIL


def inside_root(path: Path) -> bool:
    """Whether the real path of ``path`` stays inside the scan root."""
    return _JAIL.contains(Path(os.path.realpath(path)))


def allowed(path: Path, named_by_pipeline: bool = False) -> bool:
    """A path may be read when its real path is inside the root, or when the pipeline named
    it (command line, environment) and it lies outside the root as written."""
    if inside_root(path):
        return True
    return named_by_pipeline and not _JAIL.contains(Path(os.path.abspath(path)))


def leaves_root_message(what: str, value: str) -> str:
    return f"{what} {value} leaves the scan root (--allow-outside-root reads it anyway)"


def require_inside(path: Path, shown: str, named_by_pipeline: bool = False) -> None:
    if not allowed(path, named_by_pipeline):
        raise InputError(
            shown,
            None,
            "refusing to read: its real path is outside the scan root"
            " (--allow-outside-root reads it anyway)",
        )


def read_bytes(
    path: Path,
    shown: str | None = None,
    limit: int = DEFAULT_MAX_BYTES,
    named_by_pipeline: bool = False,
) -> bytes:
    """The bytes of a regular file inside the root, at most ``limit`` of them."""
    shown = shown or str(path)
    if named_by_pipeline and os.path.abspath(path) == os.devnull:
        return b""  # "no file" spelled the Unix way on the command line
    descriptor = _open_in_known_directory(path)
    if descriptor is None:
        require_inside(path, shown, named_by_pipeline)
        try:
            descriptor = os.open(path, _READ_FLAGS)
        except OSError as exc:
            raise InputError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    try:
        return _read_regular(descriptor, shown, limit)
    finally:
        os.close(descriptor)


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Absolute directory (as written) -> whether its real path lies in the jail; emptied whenever
# the jail changes. Resolving every file's path component by component cost 7 lstat calls a
# file; with its directory known, a file opened without following a link at its last
# component has the real path ``realpath(directory)/name``.
_DIRECTORY_INSIDE: dict[str, bool] = {}


def _open_in_known_directory(path: Path) -> int | None:
    """The file opened when its directory's real path is inside the root and the file itself is
    no link (``O_NOFOLLOW``); None when that cannot be shown (the caller checks the long way)."""
    text = os.fspath(path)
    directory, name = os.path.split(text)
    if not _NO_FOLLOW or not os.path.isabs(text) or name in ("", ".", ".."):
        return None
    inside = _DIRECTORY_INSIDE.get(directory)
    if inside is None:
        inside = _DIRECTORY_INSIDE[directory] = _JAIL.contains(Path(os.path.realpath(directory)))
    if not inside:
        return None
    try:
        return os.open(text, _READ_FLAGS | _NO_FOLLOW)
    except OSError:
        return None  # a link (ELOOP), missing, unreadable: the long way says which


def _read_regular(descriptor: int, shown: str, limit: int) -> bytes:
    """Up to ``limit`` bytes of an open regular file: one fstat and, usually, one read of the
    size fstat gave plus one byte (which shows the file grew meanwhile)."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(shown, None, "refusing to read: not a regular file")
    if info.st_size > limit:
        raise InputError(
            shown, None, f"file is {info.st_size} bytes, larger than the {limit}-byte limit"
        )
    data = os.read(descriptor, min(info.st_size, limit) + 1)
    if len(data) != info.st_size:  # short (a size of 0 in /proc, a partial read) or it grew
        parts, total = [data], len(data)
        while data and total <= limit:
            data = os.read(descriptor, min(1 << 20, limit + 1 - total))
            parts.append(data)
            total += len(data)
        data = b"".join(parts)
    if len(data) > limit:
        raise InputError(shown, None, f"file is larger than the {limit}-byte limit")
    return data


def read_text(
    path: Path,
    shown: str | None = None,
    limit: int = DEFAULT_MAX_BYTES,
    named_by_pipeline: bool = False,
) -> str:
    """UTF-8 text of a regular file inside the root (see :func:`read_bytes`)."""
    shown = shown or str(path)
    data = read_bytes(path, shown, limit, named_by_pipeline)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(shown, line, "file is not valid UTF-8 text") from None


def read_head(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file (empty for anything else or any error)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return b""
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return b""
        # read(n) allocates n bytes up front: ask for no more than the file holds (plus one byte
        # to see it grew), or a 512 MiB cache limit alone breaks a 300 MB address-space budget
        return handle.read(min(limit, status.st_size + 1))


def read_cache_entry(path: Path, limit: int = 64 * DEFAULT_MAX_BYTES) -> bytes | None:
    """A cache file's bytes, or None: a missing, non-regular (FIFO…), linked or huge entry."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    data = read_head(path, limit + 1)
    return data if data and len(data) <= limit else None


def is_regular_file(path: Path) -> bool:
    """True for a regular file (following links); False for FIFOs, devices and missing paths."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def refuse_link(path: Path, shown: str) -> None:
    """A write target must not be a symbolic link (nor anything but a regular file)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(shown, None, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(shown, None, "refusing to write through a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(shown, None, "refusing to write: not a regular file")


def _replace(path: Path, data: bytes, durable: bool = True) -> None:
    """Temporary file in the same directory, flushed to disk (if ``durable``), then renamed over
    ``path``. Cache entries are not made durable: every reader checks an entry and treats a
    damaged one as a miss, so a power cut can cost a re-parse, never a wrong answer, and a cold
    run does not wait for a disk flush per entry."""
    import tempfile  # only when writing: a warm run writes nothing

    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(name, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def write_text(path: Path, text: str, shown: str | None = None) -> None:
    """Write ``text`` atomically; a link at the target or a failed write is an InputError
    and leaves the target as it was."""
    write_bytes(path, text.encode("utf-8"), shown)


def write_bytes(path: Path, data: bytes, shown: str | None = None) -> None:
    shown = shown or str(path)
    refuse_link(path, shown)
    if not inside_root(path.parent) and _JAIL.contains(Path(os.path.abspath(path.parent))):
        raise InputError(shown, None, "refusing to write: its directory leaves the scan root")
    try:
        _replace(path, data)
    except OSError as exc:
        raise InputError(shown, None, f"cannot write: {exc.strerror or exc}") from None


def write_cache_entry(path: Path, data: bytes) -> bool:
    """Like :func:`write_bytes` for caches: a cache that cannot be written is not written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        refuse_link(path, str(path))
        _replace(path, data, durable=False)
    except (OSError, InputError):
        return False
    return True
