"""Errors and diagnostics that point at a place in the user's input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """A problem with the input, reported as ``path:line: message``."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" stops the run with exit 2; "warning" is reported only

    def render(self) -> str:
        """One line whatever the file name or message holds (control characters escaped)."""
        from kmslint.escape import visible

        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return visible(f"{where}: {prefix}{self.message}")

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}


class BadInputError(Exception):
    """Base of the errors that stop a run with exit code 2; each carries what to print."""

    diagnostics: list[Diagnostic]


class InputError(BadInputError):
    """Bad input that stops the current file (or the whole run) with exit code 2."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.diagnostic = Diagnostic(file, line, message)
        self.diagnostics = [self.diagnostic]


class DiagnosticsError(BadInputError):
    """One or more ``path:line: message`` problems that stop the run (exit code 2)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("; ".join(d.render() for d in diagnostics))
        self.diagnostics = list(diagnostics)
