"""Strings from the scanned tree shown safely on a terminal and in CI logs (SECURITY.md).

A file name, module source or value may hold a newline followed by ``::add-mask::`` or
``::error::`` (a GitHub workflow command), or terminal escape sequences. :func:`visible` writes
every control character as a visible escape (``\\n``, ``\\x1b``), so such a string stays on its
own line and changes nothing on the terminal. :func:`visible_document` applies it to every
string of a report document before the text, GitHub, markdown and HTML formats render it.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``…)."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def visible_document(value: Any) -> Any:
    """A copy of a report document with :func:`visible` applied to every string."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {
            visible(str(k)) if isinstance(k, str) else k: visible_document(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [visible_document(v) for v in value]
    return value
