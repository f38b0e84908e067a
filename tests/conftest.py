"""Every test runs without region environment variables and with a private parse cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ALIBABA_CLOUD_REGION", "ALICLOUD_REGION", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KMSLINT_CACHE_DIR", str(tmp_path / "kmslint-cache"))
