"""Fixtures for the comment tests: a fake API server, saved reports, no real waiting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.comment.fake_api import FakeApi, serve
from tests.helpers import EXAMPLES, run_cli

TOKEN = "ghp_SeCrEt0123456789abcdefTOKEN"


@pytest.fixture(autouse=True)
def _plain_http_to_the_local_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake API listens on http://127.0.0.1; tests/security checks that http:// is refused."""
    monkeypatch.setenv("KMSLINT_INSECURE_HTTP", "1")


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with serve() as fake:
        yield fake


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The retry waits the client asked for (nothing actually sleeps)."""
    asked: list[float] = []
    monkeypatch.setattr("kmslint.comment.http.SLEEP", asked.append)
    return asked


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    """JSON reports of two examples, as a CI job would save them."""
    saved = {}
    for name in ("signing", "disk-encryption"):
        result = run_cli("check", EXAMPLES / "terraform" / name, "--format", "json")
        assert result.exit_code == 0, result.stderr
        saved[name] = tmp_path / f"{name}.json"
        saved[name].write_text(result.stdout, encoding="utf-8")
    return saved
