"""Output on a terminal: colour only there, and NO_COLOR respected as no-color.org defines it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import EXAMPLES

pty = pytest.importorskip("pty", reason="needs a POSIX pseudo-terminal")


def _on_a_terminal(env: dict[str, str]) -> str:
    """What ``kmslint estimate`` prints when its stdout is a terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kmslint", "estimate", str(EXAMPLES / "terraform" / "signing")],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)  # the child holds the terminal now: reading ends when it exits
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode()


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False), ("", True)])
def test_text_is_coloured_on_a_terminal_unless_no_color_is_set(
    no_color: str | None, coloured: bool
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    output = _on_a_terminal(env)
    assert "alicloud_kms_key.signing" in output
    assert ("\x1b[1m" in output) is coloured


def test_piped_output_is_never_coloured() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kmslint", "estimate", str(EXAMPLES / "terraform" / "signing")],
        capture_output=True,
        timeout=60,
    )
    assert b"\x1b[" not in done.stdout
