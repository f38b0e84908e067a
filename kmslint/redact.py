"""Values that did not come from the scanned files are never quoted in an output (SECURITY.md).

A ``TF_VAR_*`` value may be a CI secret; when one flows into a key's settings, a message that
quotes the setting would publish it in the pull request comment. Every such value is registered
here, and every output and diagnostic passes :func:`redact`, which shows ``(value of
TF_VAR_x)`` instead. Values that cannot be secrets — short ones, numbers, and the vocabulary
kmslint itself prints (key specs, regions, protection levels, statuses) — are left alone, so a
``TF_VAR_region=ap-southeast-1`` still reads as a region.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

MIN_SECRET_CHARS = 6
MAX_STRINGS_SEARCHED = 10_000  # per function call: the evaluator's budget bounds values anyway
VOCABULARY = frozenset(
    {"Enabled", "Disabled", "PendingDeletion", "SOFTWARE", "HSM", "EXTERNAL"}
    | {"ENCRYPT/DECRYPT", "SIGN/VERIFY", "true", "false"}
)
_SECRETS: dict[str, str] = {}


def register(value: str, origin: str) -> None:
    """Remember ``value`` (from ``origin``, e.g. ``TF_VAR_spec``) as never to be printed."""
    text = value.strip()
    if len(text) < MIN_SECRET_CHARS or text.replace(".", "", 1).lstrip("-").isdigit():
        return
    if text in VOCABULARY:
        return
    _SECRETS[text] = origin


def origin_within(values: list[Any]) -> str | None:
    """The origin of the first registered value that occurs in a string inside ``values``."""
    for text in _strings(values):
        for secret, origin in _SECRETS.items():
            if secret in text:
                return origin
    return None


def register_derived(value: Any, origin: str) -> None:
    """Register every string inside ``value``: a function result computed from a registered
    value (``upper(var.token)``, ``substr(...)``, ``base64encode(...)``) is just as secret."""
    for text in _strings([value]):
        register(text, origin)


def _strings(values: list[Any]) -> Iterator[str]:
    pending, seen = list(values), 0
    while pending and seen < MAX_STRINGS_SEARCHED:
        value = pending.pop()
        if isinstance(value, str):
            seen += 1
            yield value
        elif isinstance(value, dict):
            pending += [*value.keys(), *value.values()]
        elif isinstance(value, list | tuple | set | frozenset):
            pending += list(value)


def has_secrets() -> bool:
    return bool(_SECRETS)


def reset() -> None:
    _SECRETS.clear()


def redact(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with every registered value (and its JSON-escaped form) replaced, except the
    words in ``keep`` (the price book's key specs and regions, which are no secret)."""
    for secret in sorted(set(_SECRETS) - keep, key=len, reverse=True):
        shown = f"(value of {_SECRETS[secret]})"
        text = text.replace(secret, shown)
        escaped = json.dumps(secret)[1:-1]
        if escaped != secret:
            text = text.replace(escaped, shown)
    return text
