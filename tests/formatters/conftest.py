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
