"""Regular expressions from templates and custom rules, run by a linear-time engine (RE2).

Terraform's ``regex``/``replace`` use Go's RE2 syntax, so RE2 is also the faithful engine; a
pattern it cannot run (backreferences, look-around) is an error, never a slow backtracking
search. Patterns are capped at ``MAX_REGEX_CHARS`` and subjects at ``MAX_REGEX_SUBJECT_CHARS``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kmslint.budget import MAX_REGEX_CHARS, MAX_REGEX_SUBJECT_CHARS


class RegexError(ValueError):
    """A pattern that is too long, invalid, or outside what RE2 can run."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """A compiled RE2 pattern; ``RegexError`` says why one cannot be compiled."""
    import re2  # type: ignore[import-untyped]

    if len(pattern) > MAX_REGEX_CHARS:
        raise RegexError(f"the pattern has {len(pattern)} characters, more than {MAX_REGEX_CHARS}")
    options = re2.Options()
    options.log_errors = False  # RE2 would print the (untrusted) pattern on stderr
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        detail = (
            exc.args[0].decode("utf-8", "replace")
            if exc.args and isinstance(exc.args[0], bytes)
            else str(exc)
        )
        raise RegexError(f"invalid regular expression: {detail}") from None


def _subject(text: str) -> str:
    if len(text) > MAX_REGEX_SUBJECT_CHARS:
        raise RegexError(
            f"the text has {len(text):,} characters, more than {MAX_REGEX_SUBJECT_CHARS:,}"
        )
    return text


def search(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).search(_subject(text)) is not None


def sub(pattern: str, replacement: str, text: str) -> str:
    """Replace every match; ``replacement`` uses ``\\1`` for groups."""
    return str(compile_pattern(pattern).sub(replacement, _subject(text)))
