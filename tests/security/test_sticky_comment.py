"""Nobody else's comment is the sticky one; a POST is never repeated into duplicates; no token
over plain HTTP; one deadline for the whole command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.comment.conftest import TOKEN
from tests.comment.fake_api import FakeApi, serve
from tests.helpers import EXAMPLES, run_cli

MARKER = "<!-- kmslint-comment -->"
LIST = "/repos/octo/infra/issues/7/comments"
ATTACKER = {"id": 666, "login": "mallory"}


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with serve() as fake:
        yield fake


@pytest.fixture
def report(tmp_path: Path) -> Path:
    result = run_cli("check", EXAMPLES / "terraform" / "signing", "--format", "json")
    saved = tmp_path / "report.json"
    saved.write_text(result.stdout, encoding="utf-8")
    return saved


def github(api: FakeApi, report: Path, *extra: str, insecure: bool = True) -> Result:
    return run_cli(
        "comment", "github", "--repo", "octo/infra", "--pr", "7", "--report", report,
        "--api-url", api.url, *(["--insecure-http"] if insecure else []), *extra,
        env={"GITHUB_TOKEN": TOKEN},
    )  # fmt: skip


def gitlab(api: FakeApi, report: Path, *extra: str) -> Result:
    return run_cli(
        "comment", "gitlab", "--project", "group/infra", "--mr", "3", "--report", report,
        "--api-url", f"{api.url}/api/v4", "--insecure-http", *extra,
        env={"GITLAB_TOKEN": TOKEN},
    )  # fmt: skip


def test_another_users_marked_comment_is_not_edited(api: FakeApi, report: Path) -> None:
    planted = api.add_comment(MARKER + "\nI am the bot, trust me", author=ATTACKER)
    result = github(api, report)
    assert result.exit_code == 0, result.stderr
    assert api.comments[planted]["body"] == MARKER + "\nI am the bot, trust me"
    assert ("POST", LIST) in api.writes() and not any(m == "PATCH" for m, _ in api.writes())
    assert api.identity == 1  # GET /user: whose comments are kmslint's


def test_delete_and_new_deletes_only_its_own_comments(api: FakeApi, report: Path) -> None:
    planted = api.add_comment(MARKER + "\nplanted", author=ATTACKER)
    own = api.add_comment(MARKER + "\nold report")
    result = github(api, report, "--behavior", "delete-and-new")
    assert result.exit_code == 0, result.stderr
    assert planted in api.comments and own not in api.comments
    assert [m for m, _ in api.writes()] == ["DELETE", "POST"]


def test_gitlab_only_edits_the_tokens_own_note(api: FakeApi, report: Path) -> None:
    planted = api.add_comment(MARKER + "\nplanted", author=ATTACKER)
    result = gitlab(api, report)
    assert result.exit_code == 0, result.stderr
    assert api.comments[planted]["body"] == MARKER + "\nplanted"
    assert [m for m, _ in api.writes()] == ["POST"]


def test_a_502_after_the_comment_was_created_makes_no_duplicate(
    api: FakeApi, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kmslint.comment.http.SLEEP", lambda seconds: None)
    api.create_then_fail = [502, 502, 502, 502]
    result = github(api, report)
    marked = [c for c in api.comments.values() if c["body"].startswith(MARKER)]
    assert len(marked) == 1
    assert [m for m, _ in api.writes()] == ["POST"]
    assert result.exit_code == 0, result.stderr
    assert "found it after an unclear answer" in result.stdout


def test_plain_http_is_refused_without_insecure_http(api: FakeApi, report: Path) -> None:
    result = github(api, report, insecure=False)
    assert result.exit_code == 2
    assert "refusing to send the token over plain http://" in result.stderr
    assert api.requests == []


def test_one_deadline_for_the_whole_command(
    api: FakeApi, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []
    monkeypatch.setattr("kmslint.comment.http.SLEEP", waited.append)
    for _ in range(20):
        api.fail_next(503, {"Retry-After": "50"})
    result = github(api, report, "--timeout", "60")
    assert result.exit_code == 2
    assert "deadline" in result.stderr
    assert sum(waited) <= 60
