"""Where a report comes from, for the headers of the HTML report and the Infracost JSON.

The time is now (UTC) unless ``SOURCE_DATE_EPOCH`` fixes it (reproducible builds' convention);
the commit is the CI's (``GITHUB_SHA``, ``CI_COMMIT_SHA``) or ``KMSLINT_COMMIT``; nothing runs
git. The paths are the projects the report's keys come from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone

from kmslint import __version__
from kmslint.formatters.document import Document, projects

COMMIT_VARIABLES = ("KMSLINT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA")


@dataclass(frozen=True)
class Provenance:
    version: str
    generated: datetime
    commit: str
    paths: tuple[str, ...]

    @property
    def timestamp(self) -> str:
        """RFC 3339 in UTC: ``2026-12-02T18:30:00Z``."""
        return self.generated.strftime("%Y-%m-%dT%H:%M:%SZ")


def generated_at() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def commit() -> str:
    return next((os.environ[v].strip() for v in COMMIT_VARIABLES if os.environ.get(v)), "")


def provenance(document: Document) -> Provenance:
    paths = tuple(p for p in projects(document) if p)
    return Provenance(__version__, generated_at(), commit(), paths)
