"""``kmslint comment gitlab``: one sticky merge request note, against a local fake of the API."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result

from kmslint.formatters import render_document
from tests.comment.conftest import TOKEN
from tests.comment.fake_api import FakeApi
from tests.helpers import run_cli

NOTES = "/api/v4/projects/group%2Finfra/merge_requests/3/notes"


def comment(api: FakeApi, report: Path, *extra: str) -> Result:
    result = run_cli(
        "comment",
        "gitlab",
        "--project",
        "group/infra",
        "--mr",
        "3",
        "--report",
        report,
        *extra,
        env={"GITLAB_TOKEN": TOKEN, "CI_API_V4_URL": f"{api.url}/api/v4"},
    )
    assert TOKEN.encode() not in result.stdout_bytes + result.stderr_bytes
    return result


def test_create_then_nothing_then_update_then_delete_and_new(
    api: FakeApi, reports: dict[str, Path]
) -> None:
    first = comment(api, reports["signing"])
    assert (first.exit_code, first.stdout) == (0, "kmslint: created comment 101 on group/infra!3\n")
    assert api.calls() == [("GET", NOTES), ("POST", NOTES)]
    assert api.requests[0].query == {
        "per_page": ["100"],
        "sort": ["asc"],
        "order_by": ["created_at"],
    }
    expected = "<!-- kmslint-comment -->\n" + render_document(
        "markdown", json.loads(reports["signing"].read_text(encoding="utf-8"))
    )
    assert api.requests[1].body == {"body": expected}
    assert {k.lower(): v for k, v in api.requests[1].headers.items()}["private-token"] == TOKEN

    api.requests.clear()
    assert (
        comment(api, reports["signing"]).stdout
        == "kmslint: comment 101 on group/infra!3 is up to date; nothing to write\n"
    )
    assert api.calls() == [("GET", NOTES)]

    api.requests.clear()
    assert (
        comment(api, reports["disk-encryption"]).stdout
        == "kmslint: updated comment 101 on group/infra!3\n"
    )
    assert api.calls() == [("GET", NOTES), ("PUT", f"{NOTES}/101")]

    api.requests.clear()
    result = comment(api, reports["signing"], "--behavior", "delete-and-new")
    assert (
        result.stdout
        == "kmslint: deleted comment 101 on group/infra!3\nkmslint: created comment 102 on group/infra!3\n"
    )
    assert api.calls() == [("GET", NOTES), ("DELETE", f"{NOTES}/101"), ("POST", NOTES)]


def test_pages_and_system_notes(api: FakeApi, reports: dict[str, Path]) -> None:
    api.page_size = 1
    api.add_comment("<!-- kmslint-comment -->\nold", system=True)
    marked = api.add_comment("<!-- kmslint-comment -->\nold")
    result = comment(api, reports["signing"])
    assert result.stdout == f"kmslint: updated comment {marked} on group/infra!3\n"
    assert [(r.method, r.query.get("page")) for r in api.requests] == [
        ("GET", None),
        ("GET", ["2"]),
        ("PUT", None),
    ]


def test_an_error_never_shows_the_token(api: FakeApi, reports: dict[str, Path]) -> None:
    api.fail_next(404, body={"message": f"404 Project Not Found (token {TOKEN})"})
    result = comment(api, reports["signing"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"kmslint: GET {NOTES}: HTTP 404 Not Found: 404 Project Not Found (token ***)\n",
    )


def test_missing_token(api: FakeApi, reports: dict[str, Path]) -> None:
    result = run_cli(
        "comment",
        "gitlab",
        "--project",
        "5",
        "--mr",
        "3",
        "--report",
        reports["signing"],
        "--api-url",
        api.url,
        env={"GITLAB_TOKEN": ""},
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "kmslint: no API token: pass --token or set GITLAB_TOKEN\n",
    )
