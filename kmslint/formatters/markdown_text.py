"""Markdown building blocks: the one escaping function, code spans, tables, and the size budget.

``text`` is the only way a string from a report reaches the comment: HTML-escaped (so no tag or
comment marker survives), Markdown specials backslashed (``$`` too, which GitHub would render as
math), ``@name`` mentions and ``#123`` references broken by a word joiner so no user string
pings anyone, newlines folded. ``fit`` assembles sections within a character budget: sections are
given room in priority order, each keeps as many of its items (table rows, list entries) as fit,
and what is cut is counted in a "N more … — see the job artifact" line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_SPECIAL = re.compile(r"([\\`*_\[\]|~#$])")
_PING = re.compile(r"([@#])(?=\w)")
_JOINER = "\u2060"  # word joiner: keeps "@name" and "#123" visible without a mention or link
RIGHT = "--:"
FIRST_ITEMS = 10
LEFT = "---"


def text(value: Any) -> str:
    """Plain text safe anywhere in Markdown (paragraphs, headings, table cells, list items)."""
    unlinked = _PING.sub(lambda m: m.group(1) + _JOINER, str(value))
    escaped = _SPECIAL.sub(r"\\\1", html.escape(unlinked, quote=False))
    return escaped.replace("\r", " ").replace("\n", " ")


def code(value: Any) -> str:
    """A code span (safe in table cells); HTML inside a code span is shown literally."""
    body = str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def table_head(header: Iterable[str], align: Iterable[str]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def length(value: str) -> int:
    """Length as the GitHub and GitLab APIs count it, conservatively (UTF-16 code units)."""
    return len(value.encode("utf-16-le")) // 2


@dataclass
class Section:
    """A part of the comment: fixed ``head`` and ``tail`` lines around cuttable ``items``.

    ``more`` is the line said when items are cut (``{n}`` is how many); ``priority`` orders
    who gets room first (0 first). A section with ``optional`` set is left out entirely when
    not even its head fits.
    """

    head: list[str]
    items: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    more: str = "{n} more — see the job artifact"
    priority: int = 0
    optional: bool = False


def _size(lines: list[str]) -> int:
    return sum(length(line) + 1 for line in lines)


def _more(section: Section, cut: int) -> list[str]:
    return ["", f"_{section.more.format(n=f'{cut:,}')}_"] if cut else []


def render(section: Section, kept: int) -> list[str]:
    lines = section.head + section.items[:kept]
    return lines + _more(section, len(section.items) - kept) + section.tail


def _frame(section: Section) -> int:
    return _size(section.head + section.tail)


def _grow(section: Section, kept: int, limit: int, room: int) -> tuple[int, int]:
    """Keep more of the section's items, up to ``limit``, while they fit in ``room``."""
    while kept < min(limit, len(section.items)):
        cost = length(section.items[kept]) + 1
        if cost > room:
            break
        kept, room = kept + 1, room - cost
    return kept, room


def fit(sections: list[Section], budget: int) -> str:
    """The sections, in their order, as one text within ``budget`` characters.

    Every section first gets up to ``FIRST_ITEMS`` items (so a short list is never crowded out
    by a long table), in priority order; then the rest of the room goes in priority order.
    """
    order = sorted(range(len(sections)), key=lambda i: sections[i].priority)
    room = budget - sum(_frame(s) for s in sections if not s.optional)
    room -= sum(_size(_more(s, len(s.items))) for s in sections if s.items and not s.optional)
    kept = dict.fromkeys(range(len(sections)), 0)
    dropped: set[int] = set()
    for index in order:
        section = sections[index]
        if section.optional:
            frame = _frame(section) + _size(_more(section, len(section.items)))
            if frame > room:
                dropped.add(index)
                continue
            room -= frame
        kept[index], room = _grow(section, 0, FIRST_ITEMS, room)
    for index in order:
        if index not in dropped:
            kept[index], room = _grow(
                sections[index], kept[index], len(sections[index].items), room
            )
    lines: list[str] = []
    for index, section in enumerate(sections):
        if index not in dropped:
            lines += render(section, kept[index])
    return "\n".join(lines) + "\n"
