"""One sticky comment per pull/merge request, found again by a hidden marker.

Behaviours: ``update`` edits the newest marked comment in place (or creates one), ``new``
adds a comment, ``delete-and-new`` deletes the marked comments and adds one. Nothing is
written when the newest marked comment already has the body (and, for delete-and-new, is
the only one). Bodies longer than the platform allows are cut at a line, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

MARKER = "<!-- kmslint-comment -->"
BEHAVIORS = ("update", "new", "delete-and-new")
_TAG = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass
class Comment:
    id: int | str
    body: str
    url: str | None = None
    author: str | None = None  # the login (GitHub) or user id (GitLab) that wrote it


class Platform(Protocol):
    name: str
    limit: int
    target: str

    def list_comments(self) -> list[Comment]: ...
    def whoami(self) -> str: ...
    def create(self, body: str) -> Comment: ...
    def update(self, comment: Comment, body: str) -> Comment: ...
    def delete(self, comment: Comment) -> None: ...


def marker(tag: str | None = None) -> str:
    """The hidden first line: ``<!-- kmslint-comment -->`` or ``<!-- kmslint-comment:TAG -->``."""
    if tag is None:
        return MARKER
    if not _TAG.match(tag):
        raise ValueError(
            f"--tag must be letters, digits, '.', '_' or '-' (at most 64), got {tag!r}"
        )
    return f"<!-- kmslint-comment:{tag} -->"


def text_length(text: str) -> int:
    """Length as the APIs count it, conservatively (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def fit(body: str, limit: int, platform: str) -> str:
    """``body`` unchanged if it fits in ``limit`` characters, else cut at a line with a note."""
    if text_length(body) <= limit:
        return body
    note = (
        f"\n\n> **Note:** this comment was cut to fit {platform}'s {limit:,}-character limit "
        f"(the full report has {text_length(body):,} characters); see the report in the CI job's artifacts."
    )
    room = limit - text_length(note) - len("\n</details>") * 8
    cut = body[:room]
    while text_length(cut) > room:
        cut = cut[:-1]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    unclosed = max(cut.count("<details") - cut.count("</details>"), 0)
    return cut + "\n</details>" * min(unclosed, 8) + note


def compose(markdown: str, mark: str, limit: int, platform: str) -> str:
    return fit(f"{mark}\n{markdown}", limit, platform)


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def marked(comments: list[Comment], mark: str, author: str | None = None) -> list[Comment]:
    """Comments carrying the marker, written by ``author`` (the token's own user): anybody can
    paste the marker, and nobody else's comment may be edited or deleted as the sticky one."""
    return [
        c
        for c in comments
        if c.body.lstrip().startswith(mark) and (author is None or c.author == author)
    ]


def _create(platform: Platform, body: str, mark: str, me: str | None) -> tuple[Comment, str]:
    """POST once; after an answer that leaves it unclear (5xx, timeout), look for the comment
    before anything else, so that a retry never makes a duplicate."""
    from kmslint.comment.http import ApiError

    try:
        return platform.create(body), "created"
    except ApiError:
        mine = marked(platform.list_comments(), mark, me or platform.whoami())
        found = [c for c in mine if _normal(c.body) == _normal(body)]
        if not found:
            raise
        return found[-1], "found it after an unclear answer: created"


def post(platform: Platform, body: str, mark: str, behavior: str) -> list[str]:
    """Make the comment say ``body``; returns what was done, one line per action."""
    if behavior not in BEHAVIORS:
        raise ValueError(f"unknown behavior {behavior!r}")
    comments = platform.list_comments()
    me = platform.whoami() if marked(comments, mark) else None  # asked only when it matters
    existing = marked(comments, mark, me) if me is not None else []
    newest = existing[-1] if existing else None
    unchanged = newest is not None and _normal(newest.body) == _normal(body)
    if unchanged and (behavior != "delete-and-new" or len(existing) == 1):
        return [f"comment {newest.id} on {platform.target} is up to date; nothing to write"]  # type: ignore[union-attr]
    if behavior == "update" and newest is not None:
        done = platform.update(newest, body)
        return [
            f"updated comment {done.id} on {platform.target}"
            + (f": {done.url}" if done.url else "")
        ]
    actions = []
    if behavior == "delete-and-new":
        for comment in existing:
            platform.delete(comment)
            actions.append(f"deleted comment {comment.id} on {platform.target}")
    done, how = _create(platform, body, mark, me)
    return actions + [
        f"{how} comment {done.id} on {platform.target}" + (f": {done.url}" if done.url else "")
    ]
