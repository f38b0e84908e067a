"""safeio.read_bytes opens a file in a directory it has checked without resolving the file's
path again, and still refuses what the long way refuses: a link that leaves the root, a
directory link that leaves it, a FIFO, a file over the cap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kmslint import safeio
from kmslint.errors import InputError
from tests.helpers import run_cli, write_module

SECRET = "TOPSECRET-5f4dcc3b5aa7"
KEY = 'resource "alicloud_kms_key" "k" {\n  key_spec = "%s"\n}\n'


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "dir").mkdir(parents=True)
    outside.mkdir()
    (root / "dir" / "plain.tf").write_text("inside\n", encoding="utf-8")
    (outside / "secret.tf").write_text(SECRET, encoding="utf-8")
    return root, outside


def test_a_file_in_a_checked_directory_is_read_and_links_are_judged_by_their_target(
    tree: tuple[Path, Path],
) -> None:
    root, outside = tree
    os.symlink(root / "dir" / "plain.tf", root / "dir" / "inner-link.tf")
    os.symlink(outside / "secret.tf", root / "dir" / "outer-link.tf")
    with safeio.jailed([root]):
        assert safeio.read_bytes(root / "dir" / "plain.tf") == b"inside\n"
        assert safeio.read_bytes(root / "dir" / "inner-link.tf") == b"inside\n"
        with pytest.raises(InputError, match="outside the scan root"):
            safeio.read_bytes(root / "dir" / "outer-link.tf")
        with pytest.raises(InputError, match="cannot read file"):
            safeio.read_bytes(root / "dir" / "missing.tf")


def test_a_directory_link_out_of_the_root_is_refused(tree: tuple[Path, Path]) -> None:
    root, outside = tree
    os.symlink(outside, root / "linked")
    with safeio.jailed([root]):
        with pytest.raises(InputError, match="outside the scan root"):
            safeio.read_bytes(root / "linked" / "secret.tf")
        with pytest.raises(InputError, match="outside the scan root"):
            safeio.read_bytes(root / "dir" / ".." / "linked" / "secret.tf")


def test_the_checked_directories_are_forgotten_when_the_jail_changes(
    tree: tuple[Path, Path],
) -> None:
    root, outside = tree
    with safeio.jailed([root, outside]):
        assert safeio.read_bytes(outside / "secret.tf") == SECRET.encode()
    with safeio.jailed([root]), pytest.raises(InputError, match="outside the scan root"):
        safeio.read_bytes(outside / "secret.tf")


def test_not_a_regular_file_and_the_size_cap(tree: tuple[Path, Path]) -> None:
    root, _outside = tree
    os.mkfifo(root / "dir" / "fifo.tf")
    (root / "dir" / "big.tf").write_bytes(b"x" * 11)
    (root / "dir" / "exact.tf").write_bytes(b"x" * 10)
    with safeio.jailed([root]):
        with pytest.raises(InputError, match="not a regular file"):
            safeio.read_bytes(root / "dir" / "fifo.tf")
        with pytest.raises(InputError, match="11 bytes, larger than the 10-byte limit"):
            safeio.read_bytes(root / "dir" / "big.tf", limit=10)
        assert safeio.read_bytes(root / "dir" / "exact.tf", limit=10) == b"x" * 10


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_regular_file_whose_size_says_zero_is_read_to_its_end() -> None:
    # /proc files are regular files of size 0 with content: the first read is short
    data = safeio.read_bytes(Path("/proc/self/status"))
    assert data.startswith(b"Name:") and data.endswith(b"\n")
    with pytest.raises(InputError, match="larger than the 5-byte limit"):
        safeio.read_bytes(Path("/proc/self/status"), limit=5)


def test_a_symlinked_tf_file_out_of_the_root_is_refused_in_a_scan(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keys.tf").write_text(KEY % SECRET, encoding="utf-8")
    repo = write_module(tmp_path / "repo", {"main.tf": KEY % "Aliyun_AES_256"})
    os.symlink(tmp_path / "outside" / "keys.tf", repo / "keys.tf")
    result = run_cli("estimate", str(repo), "--format", "json")
    assert SECRET not in result.stdout + result.stderr
    assert "keys.tf: refusing to read: its real path is outside the scan root" in (
        result.stdout + result.stderr
    )
