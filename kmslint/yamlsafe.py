"""YAML loading that turns every parser failure into a ``path:line: message`` error."""

from __future__ import annotations

from typing import Any

from kmslint.errors import InputError


def yaml_type_name(value: Any) -> str:
    """A user-facing name for the type of a value read from YAML or JSON."""
    from collections.abc import Mapping
    from decimal import Decimal

    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Mapping):
        return "mapping"
    return "null" if value is None else type(value).__name__


def yaml_error_line(exc: Exception) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else None


def yaml_error_message(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [part for part in (context, problem) if part]
    return "invalid YAML: " + ("; ".join(parts) if parts else str(exc).splitlines()[0])


MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 200


def check_expansion(text: str, path: str) -> None:
    """Refuse documents whose aliases would expand past MAX_EXPANDED_NODES ("billion laughs")
    or that nest deeper than MAX_DEPTH, before anything walks them."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    sizes: dict[str, int] = {}
    frames: list[tuple[str | None, int]] = [(None, 0)]
    for event in YAML(typ="safe", pure=True).parse(text):
        if isinstance(event, CollectionStartEvent):
            frames.append((event.anchor, 1))
            if len(frames) > MAX_DEPTH:
                raise InputError(
                    path, event.start_mark.line + 1, f"YAML nested deeper than {MAX_DEPTH} levels"
                )
            continue
        if isinstance(event, CollectionEndEvent):
            anchor, size = frames.pop()
            if anchor:
                sizes[anchor] = size
            added = size
        elif isinstance(event, AliasEvent):
            added = sizes.get(event.anchor, 1)
        elif isinstance(event, NodeEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            added = 1
        else:
            continue
        anchor, size = frames[-1]
        frames[-1] = (anchor, size + added)
        if size + added > MAX_EXPANDED_NODES:
            line = event.start_mark.line + 1 if event.start_mark else None
            raise InputError(
                path,
                line,
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes; refusing to load",
            )


def load_round_trip(text: str, path: str) -> Any:
    """Load YAML keeping line numbers (ruamel round-trip types); errors become InputError."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        check_expansion(text, path)
        return yaml.load(text)
    except YAMLError as exc:
        raise InputError(path, yaml_error_line(exc), yaml_error_message(exc)) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, None, f"invalid YAML: {exc}") from None
