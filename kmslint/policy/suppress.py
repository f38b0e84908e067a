"""Suppressions: ``kmslint:ignore`` comments in Terraform, ROS Metadata (``Key.suppressions``).

* ``# kmslint:ignore KMS003 <reason>`` (also ``//`` and ``/* */``) anywhere inside a resource
  block suppresses that rule's findings on the resource; several ids may be given, separated
  by commas: ``# kmslint:ignore KMS003,KMS006 <reason>``.
* ``# kmslint:ignore-file KMS006 <reason>`` among the comments at the top of a file, before
  its first block, suppresses the rule for every finding located in the file.
* ROS: ``Metadata: {kmslint: {ignore: [{id: KMS003, reason: ...}]}}`` arrives as
  ``Key.suppressions`` from the loader.

A reason is required. Problems with suppressions are reported as warnings (``file:line:
warning: ...``, in the JSON report's ``warnings``), never silently: a suppression without a
reason, without a rule id, naming an unknown rule, placed where it cannot apply, or naming a rule
marked ``ignorable: false`` in the config is reported and **not applied**, so the finding it
meant to hide stays active.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kmslint.errors import Diagnostic
from kmslint.findings import Finding, rule_id_hint
from kmslint.model import SourceRange, Suppression

if TYPE_CHECKING:
    from kmslint.policy.settings import Policy
    from kmslint.report import Report

MARKER = re.compile(r"(?:#|//|/\*)\s*kmslint:(?P<kind>ignore-file|ignore)(?![\w-])(?P<rest>.*)$")
BARE = re.compile(r"kmslint:(?P<kind>ignore-file|ignore)(?![\w-])(?P<rest>.*)$")  # inside /* ... */
IDS = re.compile(
    r"\s*(?P<ids>[A-Za-z][A-Za-z0-9]*\d{3}(?:\s*,\s*[A-Za-z][A-Za-z0-9]*\d{3})*)\b(?P<reason>.*)$"
)
REASON_STRIP = " \t:-\u2013\u2014"
TERRAFORM_SUFFIX = ".tf"


@dataclass(frozen=True)
class Comment:
    """One ``kmslint:ignore`` / ``kmslint:ignore-file`` comment found in a source file."""

    rule_ids: tuple[str, ...]
    reason: str | None
    file: str
    line: int
    file_level: bool
    in_header: bool = True


def _norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _parse_rest(rest: str) -> tuple[tuple[str, ...], str | None]:
    rest = rest.split("*/", 1)[0]
    match = IDS.match(rest)
    if not match:
        return (), None
    ids = tuple(part.strip().upper() for part in match.group("ids").split(","))
    reason = match.group("reason").strip(REASON_STRIP)
    return ids, reason or None


def _find_unquoted(line: str, token: str, start: int) -> int:
    """Index of ``token`` outside string literals and line comments, or -1."""
    quoted, index = False, start
    while index < len(line):
        char = line[index]
        if char == '"' and (index == 0 or line[index - 1] != "\\"):
            quoted = not quoted
        elif not quoted and (char == "#" or line.startswith("//", index)):
            return -1
        elif not quoted and line.startswith(token, index):
            return index
        index += 1
    return -1


def _block_open_after(line: str, in_block: bool) -> bool:
    """Whether a ``/* */`` comment is still open at the end of ``line``."""
    position = 0
    while True:
        if in_block:
            end = line.find("*/", position)
            if end < 0:
                return True
            in_block, position = False, end + 2
        else:
            start = _find_unquoted(line, "/*", position)
            if start < 0:
                return False
            in_block, position = True, start + 2


def _comment_only(stripped: str, in_block: bool) -> bool:
    return in_block or not stripped or stripped.startswith(("#", "//", "/*"))


def parse_comments(text: str, file: str) -> list[Comment]:
    """Every suppression comment of a Terraform file, noting which are in the file's header."""
    comments: list[Comment] = []
    header, in_block = True, False
    for number, line in enumerate(text.splitlines(), start=1):
        header = header and _comment_only(line.strip(), in_block)
        inside_comment = in_block
        match = (BARE if inside_comment else MARKER).search(line)
        in_block = _block_open_after(line, in_block)
        if not match or (not inside_comment and line[: match.start()].count('"') % 2):
            continue
        ids, reason = _parse_rest(match.group("rest"))
        comments.append(
            Comment(ids, reason, file, number, match.group("kind") == "ignore-file", header)
        )
    return comments


def _read(file: str) -> str | None:
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return None


def _terraform_files(report: Report, findings: Iterable[Finding]) -> list[str]:
    inventory = report.inventory
    files = [
        *inventory.scanned_files,
        *(k.file for k in inventory.keys),
        *(v.source.file for v in inventory.key_versions),
    ]
    files += [f.file for f in findings if f.file]
    unique = {_norm(f): f for f in files if f.endswith(TERRAFORM_SUFFIX)}
    return sorted(unique.values())


def _as_comment(suppression: Suppression) -> Comment:
    return Comment(
        (suppression.rule_id.upper(),),
        suppression.reason,
        suppression.file,
        suppression.line,
        suppression.file_level,
    )


def _check(comment: Comment, policy: Policy) -> list[str]:
    """Why a comment (or part of it) cannot apply; empty when it is fine."""
    what = "kmslint:ignore-file" if comment.file_level else "kmslint:ignore"
    if not comment.rule_ids:
        return [
            f"{what} needs a rule id and a reason, e.g. '# {what} KMS003 <reason>'; it is not applied"
        ]
    problems = []
    if comment.file_level and not comment.in_header:
        problems.append(f"{what} must come before the first block of the file; it is not applied")
    for rule_id in comment.rule_ids:
        if rule_id not in policy.rules:
            problems.append(
                f"{what} names unknown rule {rule_id}{rule_id_hint(rule_id, policy.rules)}"
            )
            continue
        ignorable, origin = policy.ignorable(rule_id)
        if not ignorable:
            problems.append(
                f"{rule_id} cannot be suppressed (ignorable: false, {origin}); the suppression is not applied"
            )
    if comment.reason is None:
        problems.append(
            f"{what} {','.join(comment.rule_ids)} has no reason; it is not applied (write why after the rule id)"
        )
    return problems


class Suppressor:
    """Matches findings against the suppressions in scope and marks them suppressed."""

    def __init__(self, report: Report, policy: Policy, findings: list[Finding]) -> None:
        self.policy = policy
        self.ranges: dict[str, SourceRange] = {k.address: k.source for k in report.inventory.keys}
        self.ranges.update({v.address: v.source for v in report.inventory.key_versions})
        self.by_address: dict[str, list[Comment]] = {}
        self.comments: list[Comment] = []
        for file in _terraform_files(report, findings):
            text = _read(file)
            if text is not None:
                self.comments += parse_comments(text, file)
        for key in report.inventory.keys:
            for suppression in key.suppressions:
                comment = _as_comment(suppression)
                self.comments.append(comment)
                if not suppression.file_level:
                    self.by_address.setdefault(key.address, []).append(comment)

    def diagnostics(self) -> list[Diagnostic]:
        found = {
            Diagnostic(c.file, c.line, message, "warning")
            for c in self.comments
            for message in _check(c, self.policy)
        }
        return sorted(found, key=lambda d: (d.file, d.line or 0, d.message))

    def usable(self, comment: Comment, rule_id: str) -> bool:
        if rule_id not in comment.rule_ids or comment.reason is None:
            return False
        if comment.file_level and not comment.in_header:
            return False
        return self.policy.ignorable(rule_id)[0]

    def matching(self, finding: Finding) -> Comment | None:
        """The suppression that applies to a finding: block-level first, then file-level."""
        block = self.ranges.get(finding.address or "")
        candidates = list(self.by_address.get(finding.address or "", []))
        if block is not None:
            end = block.end_line or block.line
            candidates += [
                c
                for c in self.comments
                if not c.file_level
                and _norm(c.file) == _norm(block.file)
                and block.line <= c.line <= end
            ]
        if finding.file:
            candidates += [
                c for c in self.comments if c.file_level and _norm(c.file) == _norm(finding.file)
            ]
        return next((c for c in candidates if self.usable(c, finding.rule_id)), None)

    def apply(self, findings: list[Finding]) -> None:
        for finding in findings:
            comment = self.matching(finding)
            if comment is not None:
                finding.suppressed = True
                finding.suppression_reason = comment.reason


def apply_suppressions(report: Report, policy: Policy, findings: list[Finding]) -> list[Diagnostic]:
    """Mark suppressed findings; return warnings about suppressions that cannot apply."""
    suppressor = Suppressor(report, policy, findings)
    suppressor.apply(findings)
    return suppressor.diagnostics()
