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


def _terminal(monkeypatch: pytest.MonkeyPatch, tty: bool) -> _Terminal:
    stderr = _Terminal(tty)
    monkeypatch.setattr(progress.sys, "stderr", stderr)
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    return stderr


def test_a_slow_scan_on_a_terminal_shows_its_progress_then_wipes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stderr = _terminal(monkeypatch, tty=True)
    with Progress(3) as shown:
        shown.advance()
        assert stderr.written.wait(30)
    assert stderr.getvalue().startswith("\rkmslint: scanning 1/3 (")
    assert stderr.getvalue().endswith("\r\x1b[K")


def test_nothing_is_written_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = _terminal(monkeypatch, tty=False)
    with Progress(3) as shown:
        shown.advance()
        assert not shown.enabled and shown._thread is None  # no thread that could ever write
    assert stderr.getvalue() == ""
