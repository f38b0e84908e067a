"""The progress line: on a terminal only, after the delay, and wiped when the scan ends."""

from __future__ import annotations

import io
import threading

import pytest

from kmslint import progress
from kmslint.progress import Progress


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty
        self.written = threading.Event()

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)


def _scan(monkeypatch: pytest.MonkeyPatch, tty: bool) -> str:
    stderr = _Terminal(tty)
    monkeypatch.setattr(progress.sys, "stderr", stderr)
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    with Progress(3) as shown:
        shown.advance()
        stderr.written.wait(5 if tty else 0.5)
    return stderr.getvalue()


def test_a_slow_scan_on_a_terminal_shows_its_progress_then_wipes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    written = _scan(monkeypatch, tty=True)
    assert written.startswith("\rkmslint: scanning 1/3 (")
    assert written.endswith("\r\x1b[K")


def test_nothing_is_written_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _scan(monkeypatch, tty=False) == ""
