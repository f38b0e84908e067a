"""``kmslint comment github``: one sticky pull request comment, against a local fake of the API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result

from kmslint.formatters import render_document
from tests.comment.conftest import TOKEN
from tests.comment.fake_api import FakeApi
from tests.helpers import run_cli

MARKER = "<!-- kmslint-comment -->"
LIST = "/repos/octo/infra/issues/7/comments"


def comment(api: FakeApi, report: Path, *extra: str, token: str = TOKEN) -> Result:
    result = run_cli(
        "comment",
        "github",
        "--repo",
        "octo/infra",
        "--pr",
        "7",
        "--report",
        report,
        "--api-url",
        api.url,
        *extra,
        env={"GITHUB_TOKEN": token, "GITHUB_API_URL": "http://127.0.0.1:9"},
    )
    assert TOKEN.encode() not in result.stdout_bytes + result.stderr_bytes
    return result


def body_of(report: Path) -> str:
    return (
        MARKER + "\n" + render_document("markdown", json.loads(report.read_text(encoding="utf-8")))
    )


def test_create_then_nothing_then_update_then_delete_and_new(
    api: FakeApi, reports: dict[str, Path]
) -> None:
    first = comment(api, reports["signing"])
    assert (first.exit_code, first.stdout) == (
        0,
        f"kmslint: created comment 101 on octo/infra#7: {api.url}/comment/101\n",
    )
    assert api.calls() == [("GET", LIST), ("POST", LIST)]
    assert api.requests[0].query == {"per_page": ["100"]}
    assert api.requests[1].body == {"body": body_of(reports["signing"])}
    assert api.comments[101]["body"].startswith(
        MARKER + "\n#### Monthly KMS cost is \\$3.99 now and \\$3.99 by month 12: no policy errors"
    )

    api.requests.clear()
    second = comment(api, reports["signing"])
    assert (second.exit_code, second.stdout) == (
        0,
        "kmslint: comment 101 on octo/infra#7 is up to date; nothing to write\n",
    )
    assert api.calls() == [("GET", LIST)]

    api.requests.clear()
    third = comment(api, reports["disk-encryption"])
    assert (third.exit_code, third.stdout) == (
        0,
        f"kmslint: updated comment 101 on octo/infra#7: {api.url}/comment/101\n",
    )
    assert api.calls() == [("GET", LIST), ("PATCH", "/repos/octo/infra/issues/comments/101")]
    assert api.requests[1].body == {"body": body_of(reports["disk-encryption"])}

    api.requests.clear()
    fourth = comment(api, reports["signing"], "--behavior", "delete-and-new")
    assert fourth.exit_code == 0
    assert (
        fourth.stdout
        == f"kmslint: deleted comment 101 on octo/infra#7\nkmslint: created comment 102 on octo/infra#7: {api.url}/comment/102\n"
    )
    assert api.calls() == [
        ("GET", LIST),
        ("DELETE", "/repos/octo/infra/issues/comments/101"),
        ("POST", LIST),
    ]
    assert list(api.comments) == [102]


def test_requests_carry_the_token_and_github_headers(
    api: FakeApi, reports: dict[str, Path]
) -> None:
    comment(api, reports["signing"])
    headers = {k.lower(): v for k, v in api.requests[1].headers.items()}
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert headers["user-agent"].startswith("kmslint/")
    assert headers["content-type"] == "application/json"


def test_other_comments_are_left_alone_across_pages(api: FakeApi, reports: dict[str, Path]) -> None:
    api.page_size = 2
    for text in ("LGTM", "please rotate less often", "see <!-- kmslint-comment --> below"):
        api.add_comment(text)
    marked = api.add_comment(body_of(reports["disk-encryption"]))
    api.add_comment("thanks")
    result = comment(api, reports["signing"])
    assert (
        result.stdout
        == f"kmslint: updated comment {marked} on octo/infra#7: {api.url}/comment/{marked}\n"
    )
    assert [(r.method, r.query.get("page")) for r in api.requests] == [
        ("GET", None),
        ("GET", ["2"]),
        ("GET", ["3"]),
        ("PATCH", None),
    ]
    assert [c["body"] for c in api.comments.values()][:3] == [
        "LGTM",
        "please rotate less often",
        "see <!-- kmslint-comment --> below",
    ]


def test_new_adds_a_comment_unless_the_newest_already_says_it(
    api: FakeApi, reports: dict[str, Path]
) -> None:
    comment(api, reports["signing"], "--behavior", "new")
    comment(api, reports["disk-encryption"], "--behavior", "new")
    api.requests.clear()
    result = comment(api, reports["disk-encryption"], "--behavior", "new")
    assert result.stdout == "kmslint: comment 102 on octo/infra#7 is up to date; nothing to write\n"
    assert api.calls() == [("GET", LIST)] and len(api.comments) == 2


def test_tags_keep_separate_comments(api: FakeApi, reports: dict[str, Path]) -> None:
    comment(api, reports["signing"], "--tag", "prod")
    comment(api, reports["disk-encryption"], "--tag", "staging")
    assert [c["body"].splitlines()[0] for c in api.comments.values()] == [
        "<!-- kmslint-comment:prod -->",
        "<!-- kmslint-comment:staging -->",
    ]


def test_dry_run_prints_the_body_and_sends_nothing(api: FakeApi, reports: dict[str, Path]) -> None:
    result = run_cli(
        "comment",
        "github",
        "--repo",
        "octo/infra",
        "--pr",
        "7",
        "--report",
        reports["signing"],
        "--api-url",
        api.url,
        "--dry-run",
        env={"GITHUB_TOKEN": ""},
    )
    assert (result.exit_code, result.stdout) == (0, body_of(reports["signing"]))
    assert api.requests == []


def test_the_token_option_and_the_api_url_variable(api: FakeApi, reports: dict[str, Path]) -> None:
    result = run_cli(
        "comment",
        "github",
        "--repo",
        "octo/infra",
        "--pr",
        "7",
        "--report",
        reports["signing"],
        "--token",
        TOKEN,
        env={"GITHUB_TOKEN": "", "GITHUB_API_URL": api.url},
    )
    assert result.exit_code == 0 and TOKEN.encode() not in result.stdout_bytes + result.stderr_bytes
    assert {k.lower(): v for k, v in api.requests[0].headers.items()}[
        "authorization"
    ] == f"Bearer {TOKEN}"


def test_an_http_error_says_what_failed_without_the_token(
    api: FakeApi, reports: dict[str, Path]
) -> None:
    api.fail_next(401, body={"message": f"Bad credentials: {TOKEN} is not valid"})
    result = comment(api, reports["signing"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"kmslint: GET {LIST}: HTTP 401 Unauthorized: Bad credentials: *** is not valid\n"
    )
    assert api.writes() == []


def test_a_forbidden_write_is_not_retried(
    api: FakeApi, reports: dict[str, Path], waits: list[float]
) -> None:
    api.add_comment(body_of(reports["disk-encryption"]))
    api.failures = [(200, {}, [])]  # the list answers with no comments ...
    api.fail_next(
        403, body={"message": "Resource not accessible by integration"}
    )  # ... and the POST is refused
    result = comment(api, reports["signing"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"kmslint: POST {LIST}: HTTP 403 Forbidden: Resource not accessible by integration\n"
    )
    assert waits == []


@pytest.mark.parametrize(
    ("failures", "expected_waits"),
    [
        ([(502, {}), (503, {})], [1.0, 2.0]),
        ([(403, {"Retry-After": "7"})], [7.0]),
        ([(429, {})], [1.0]),
        ([(403, {"Retry-After": "3600"})], [60.0]),
    ],
)
def test_server_errors_and_rate_limits_are_retried(
    api: FakeApi,
    reports: dict[str, Path],
    waits: list[float],
    failures: list[tuple[int, dict[str, str]]],
    expected_waits: list[float],
) -> None:
    for status, headers in failures:
        api.fail_next(status, headers)
    result = comment(api, reports["signing"])
    assert result.exit_code == 0, result.stderr
    assert waits == expected_waits
    assert api.calls() == [("GET", LIST)] * (len(failures) + 1) + [("POST", LIST)]


def test_retries_are_bounded(api: FakeApi, reports: dict[str, Path], waits: list[float]) -> None:
    for _ in range(4):
        api.fail_next(500, body={"message": f"oops {TOKEN}"})
    result = comment(api, reports["signing"])
    assert result.exit_code == 2
    assert result.stderr == f"kmslint: GET {LIST}: HTTP 500 Internal Server Error: oops ***\n"
    assert waits == [1.0, 2.0, 4.0] and len(api.requests) == 4


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {"GITHUB_TOKEN": ""}, "kmslint: no API token: pass --token or set GITHUB_TOKEN\n"),
        (
            ("--token", f"{TOKEN}\n"),
            {},
            "kmslint: the API token contains spaces, control or non-ASCII characters\n",
        ),
        (("--repo", "octo"), {}, "kmslint: --repo must be OWNER/NAME, got 'octo'\n"),
    ],
)
def test_bad_input(
    api: FakeApi, reports: dict[str, Path], args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    base = [
        "comment",
        "github",
        "--repo",
        "octo/infra",
        "--pr",
        "7",
        "--report",
        str(reports["signing"]),
        "--api-url",
        api.url,
    ]
    result = run_cli(*base, *args, env={"GITHUB_TOKEN": TOKEN, **env})
    assert (result.exit_code, result.stderr) == (2, message)
    assert TOKEN.encode() not in result.stdout_bytes + result.stderr_bytes
    assert api.requests == []


def test_a_report_file_that_is_not_a_report(api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")
    result = run_cli(
        "comment",
        "github",
        "--repo",
        "octo/infra",
        "--pr",
        "7",
        "--report",
        tmp_path / "r.json",
        "--api-url",
        api.url,
        env={"GITHUB_TOKEN": TOKEN},
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"{tmp_path / 'r.json'}: not a kmslint JSON report (version 1); write one with --format json\n",
    )


def test_a_report_over_the_limit_is_shortened_to_fit(
    api: FakeApi, reports: dict[str, Path], tmp_path: Path
) -> None:
    document = json.loads(reports["signing"].read_text(encoding="utf-8"))
    template = document["resources"][0]
    document["resources"] = [
        dict(template, address=f"alicloud_kms_key.k[{i}]") for i in range(1500)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(document), encoding="utf-8")
    assert comment(api, big).exit_code == 0
    posted = api.comments[101]["body"]
    assert posted == body_of(big)  # the markdown keeps itself within the limit
    assert len(posted) <= 65_536
    assert posted.startswith(MARKER + "\n#### Monthly KMS cost is \\$3.99 now")
    assert re.search(r"\n_[0-9,]+ more keys — see the job artifact_\n", posted)
    assert posted.count("<details>") == posted.count("</details>")
    api.requests.clear()
    assert comment(api, big).stdout.endswith("is up to date; nothing to write\n")
