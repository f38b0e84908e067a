"""Fixtures of the format tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so reports name files relative to it."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture(autouse=True)
def fixed_provenance(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports made by the format tests carry a fixed time and no CI commit."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02T00:00:00Z
    for variable in ("KMSLINT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA"):
        monkeypatch.delenv(variable, raising=False)
