"""A progress line on stderr for scans that take more than a second, only on a terminal."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

DELAY_SECONDS = 1.0


class Progress:
    def __init__(self, total: int, label: str = "scanning") -> None:
        self.total, self.label = total, label
        self.done = 0
        self.enabled = sys.stderr.isatty() and total > 0
        self.started = time.monotonic()
        self.shown = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True) if self.enabled else None

    def __enter__(self) -> Progress:
        if self._thread is not None:
            self._thread.start()
        return self

    def advance(self) -> None:
        self.done += 1

    def _run(self) -> None:
        if self._stop.wait(DELAY_SECONDS):
            return
        while not self._stop.wait(0.2):
            self.shown = True
            sys.stderr.write(
                f"\rkmslint: {self.label} {self.done}/{self.total} ({time.monotonic() - self.started:.0f}s)"
            )
            sys.stderr.flush()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
