"""Reading user YAML: every parser failure is a ``path:line: message`` error, and the readers of
the usage file, the config, rules and baselines share the line lookups, the unknown-key check and
the did-you-mean hint below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from kmslint.errors import Diagnostic, DiagnosticsError, InputError


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


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``: the one choice containing ``name``, else the closest; or ''."""
    options = list(choices)
    wanted = name.lower()
    containing = [c for c in options if wanted and wanted in c.lower() and c != name]
    if len(containing) == 1:
        return f" (did you mean {containing[0]!r}?)"
    import difflib  # only for a misspelt name

    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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


type_name = yaml_type_name  # the short name the readers use


class Problems:
    """The reader of one user YAML file: typed lookups that record ``path:line`` problems.

    The usage file, the config, rule files and baselines all read through it, so a wrong type,
    an unknown key or a negative count is reported the same way, with its line, everywhere.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def unknown_keys(
        self, mapping: Mapping[Any, Any], allowed: Sequence[str], what: str, noun: str = "key"
    ) -> None:
        """Report every key of ``mapping`` not in ``allowed``, with a did-you-mean."""
        for key in mapping:
            if str(key) not in allowed:
                hint = did_you_mean(str(key), allowed)
                self.error(key_line(mapping, key), f"unknown {noun} {str(key)!r} in {what}{hint}")

    def mapping(self, value: Any, line: int | None, what: str) -> dict[Any, Any]:
        """``value`` if it is a mapping; {} for null, and {} with a problem for anything else."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(line, f"{what} must be a mapping, got {yaml_type_name(value)}")
            return {}
        return value

    def count(self, mapping: Mapping[Any, Any], key: str, *, minimum: int = 0) -> int | None:
        """A whole number of at least ``minimum`` under ``key``; None if absent or wrong."""
        value = mapping.get(key)
        if value is None:
            return None
        line = key_line(mapping, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(line, f"{key} must be a whole number, got {yaml_type_name(value)} {value!r}")
            return None
        if value < minimum:
            self.error(line, f"{key} must be at least {minimum}, got {value}")
            return None
        return value

    def amount(self, mapping: Mapping[Any, Any], key: str) -> Decimal | None:
        """A finite, non-negative number under ``key`` as a Decimal (never through float math)."""
        value = mapping[key]
        line = key_line(mapping, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(line, f"{key} must be a number, got {yaml_type_name(value)} {value!r}")
            return None
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < 0:
            self.error(line, f"{key} must not be negative, got {value}")
            return None
        return amount

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise DiagnosticsError(self.diagnostics)
