"""Template text helpers for the HCL converter: strip markers, heredoc quoting, ``<<-`` flush.

They work on a template's *flat* form: literal strings and the Lark trees of its template
sequences (``interpolation``, ``template_if_start``, ...), in source order.
"""

from __future__ import annotations

from typing import Any

_WHITESPACE = " \t\r\n"


def _strip_markers(item: Any) -> tuple[bool, bool]:
    """Whether a template sequence (``${ }`` or ``%{ }``) has a strip marker after its opening
    (``${~``) and before its closing (``~}``): the marker token beside the brace token."""
    children = item.children
    marker = [isinstance(c, str) and c == "~" for c in children]
    return len(children) > 2 and marker[1], len(children) > 2 and marker[-2]


def strip_whitespace(flat: list[Any]) -> list[Any]:
    """Apply template strip markers: ``${~``/``%{~`` trim the text before, ``~}`` the text after."""
    result = list(flat)
    for position, item in enumerate(result):
        if isinstance(item, str):
            continue
        before, after = _strip_markers(item)
        if before and position and isinstance(result[position - 1], str):
            result[position - 1] = result[position - 1].rstrip(_WHITESPACE)
        following = position + 1
        if after and following < len(result) and isinstance(result[following], str):
            result[following] = result[following].lstrip(_WHITESPACE)
    return [item for item in result if not isinstance(item, str) or item]


def quote_heredoc(body: str) -> str:
    """The heredoc body as a quoted template: ``\\`` and ``"`` escaped in its literal text
    only, template sequences (``${ upper("a") }``) kept as written."""
    out, position, depth = ['"'], 0, 0
    while position < len(body):
        char = body[position]
        if depth == 0:
            if body.startswith(("$${", "%%{"), position):
                out.append(body[position : position + 3])
                position += 3
                continue
            if body.startswith(("${", "%{"), position):
                depth = 1
                out.append(body[position : position + 2])
                position += 2
                continue
            out.append({"\\": "\\\\", '"': '\\"'}.get(char, char))
            position += 1
            continue
        if char == '"':  # a string inside the sequence: copy it whole, escapes included
            end = position + 1
            while end < len(body) and body[end] != '"':
                end += 2 if body[end] == "\\" else 1
            out.append(body[position : end + 1])
            position = end + 1
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char)
        position += 1
    return "".join(out) + '"'


def lines(item: Any) -> list[Any]:
    """A literal split after each newline (heredoc tokens end at line ends)."""
    if not isinstance(item, str):
        return [item]
    return item.splitlines(keepends=True) or [item]


def joined(flat: list[Any]) -> list[Any]:
    joined: list[Any] = []
    for item in flat:
        if isinstance(item, str) and joined and isinstance(joined[-1], str):
            joined[-1] += item
        else:
            joined.append(item)
    return joined


def flush(flat: list[Any]) -> list[Any]:
    """``<<-``: remove the smallest indentation of the lines from every line's leading text.

    A line that starts with a template sequence counts as unindented; a blank line does not
    count; the line after a newline removed by a strip marker is not a new line."""
    smallest, starts, newline = None, [], True
    for position, item in enumerate(flat):
        if newline:
            newline = False
            if isinstance(item, str):
                trimmed = item.lstrip()
                if not (trimmed == "" and item.endswith("\n")):
                    spaces = len(item) - len(trimmed)
                    starts.append(position)
                    smallest = spaces if smallest is None else min(smallest, spaces)
            else:
                smallest = 0
        if isinstance(item, str) and item.endswith("\n"):
            newline = True
    result = list(flat)
    for position in starts:
        text = result[position]
        strip = min(smallest or 0, len(text) - len(text.lstrip()))
        result[position] = text[strip:]
    return result
