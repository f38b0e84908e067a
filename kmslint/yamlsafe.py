"""YAML loading that turns every parser failure into a ``path:line: message`` error."""

from __future__ import annotations

from typing import Any

from kmslint.errors import InputError


def yaml_error_line(exc: Exception) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else None


def yaml_error_message(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [part for part in (context, problem) if part]
    return "invalid YAML: " + ("; ".join(parts) if parts else str(exc).splitlines()[0])


def load_round_trip(text: str, path: str) -> Any:
    """Load YAML keeping line numbers (ruamel round-trip types); errors become InputError."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except YAMLError as exc:
        raise InputError(path, yaml_error_line(exc), yaml_error_message(exc)) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, None, f"invalid YAML: {exc}") from None
