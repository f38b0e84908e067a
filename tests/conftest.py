"""Every test runs without region environment variables and with a private parse cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name in ("ALIBABA_CLOUD_REGION", "ALICLOUD_REGION", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    # Beside the test's files, not inside them: a cache inside the scanned tree is not used.
    monkeypatch.setenv("KMSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("kmslint-cache")))
