"""Helpers for reading round-trip YAML with line numbers and turning problems into diagnostics."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kmslint.errors import Diagnostic
from kmslint.yamlsafe import yaml_type_name


class DiagnosticsError(Exception):
    """One or more ``path:line: message`` problems that stop the run (exit code 2)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("; ".join(d.render() for d in diagnostics))
        self.diagnostics = list(diagnostics)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``: the one choice containing ``name``, else the closest; or ''."""
    options = list(choices)
    wanted = name.lower()
    containing = [c for c in options if wanted and wanted in c.lower() and c != name]
    if len(containing) == 1:
        return f" (did you mean {containing[0]!r}?)"
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def rule_id_hint(name: str, rule_ids: Iterable[str]) -> str:
    """Did-you-mean for a rule id: ``kms3`` / ``KMS03`` mean ``KMS003``; else the closest id."""
    ids = list(rule_ids)
    match = re.match(r"^([A-Za-z]+)0*(\d{1,3})$", name.strip())
    if match:
        padded = f"{match.group(1).upper()}{int(match.group(2)):03d}"
        if padded in ids and padded != name:
            return f" (did you mean {padded!r}?)"
    return did_you_mean(name, ids)


def node_line(node: Any) -> int | None:
    """1-based line where a round-trip mapping or sequence starts, if known."""
    lc = getattr(node, "lc", None)
    line = getattr(lc, "line", None)
    return int(line) + 1 if line is not None else None


def key_line(mapping: Any, key: Any) -> int | None:
    """1-based line of ``key`` in a round-trip mapping (falls back to the mapping's line)."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return node_line(mapping)


def item_line(sequence: Any, index: int) -> int | None:
    """1-based line of item ``index`` of a round-trip sequence."""
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_line(sequence)


def plain(value: Any) -> Any:
    """Convert ruamel round-trip values to plain Python (dict, list, str, int, float, bool)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


type_name = yaml_type_name


class Problems:
    """Collects diagnostics for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def unknown_keys(self, mapping: Mapping[Any, Any], allowed: Sequence[str], what: str) -> None:
        """Report every key of ``mapping`` not in ``allowed``, with a did-you-mean."""
        for key in mapping:
            if str(key) not in allowed:
                hint = did_you_mean(str(key), allowed)
                self.error(key_line(mapping, key), f"unknown key {str(key)!r} in {what}{hint}")

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise DiagnosticsError(self.diagnostics)
