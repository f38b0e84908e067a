"""The GitHub Action on a fork pull request: the token cannot comment, and the job's result is
the policy result alone (the comment failure is a warning with its reason)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.test_diff import PROVIDER, SIGNING, git, make_repo
from tests.comment.conftest import TOKEN, api
from tests.comment.fake_api import FakeApi
from tests.comment.test_ci_examples import BROKEN, bash, outputs, steps

FORBIDDEN = {"message": "Resource not accessible by integration"}
__all__ = ["api"]  # the fake API fixture of the comment tests


def run_pull_request(repo: Path, tmp_path: Path, api: FakeApi) -> dict[str, object]:
    """The action's shell steps in order, with what the runner passes a fork pull request."""
    out = tmp_path / "out"
    out.write_text("", encoding="utf-8")
    common = {"KMSLINT_PATH": ".", "KMSLINT_USAGE_FILE": "", "GITHUB_OUTPUT": str(out)}
    check = bash(
        steps()["check"]["run"],
        repo,
        {**common, "KMSLINT_FAIL_ON": "error", "KMSLINT_SARIF": "false"},
    )
    diff = bash(
        steps()["diff"]["run"],
        repo,
        {**common, "BASE_SHA": git(repo, "rev-parse", "HEAD~1").strip()},
    )
    results = outputs(out)
    comment = bash(
        steps()["comment"]["run"],
        repo,
        {
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": api.url,
            "KMSLINT_INSECURE_HTTP": "1",  # the fake API is plain http
            "GITHUB_REPOSITORY": "octo/infra",
            "PR_NUMBER": "9",
            "KMSLINT_BEHAVIOR": "update",
            "DIFF_STATUS": results["diff-exit-code"],
        },
    )
    gate_runs = results["exit-code"] != "0" or results["diff-exit-code"] == "1"
    gate = None
    if gate_runs:
        env = {"CHECK_STATUS": results["exit-code"], "DIFF_STATUS": results["diff-exit-code"]}
        gate = bash(steps()["Fail on the policy result"]["run"], repo, env).returncode
    return {"steps": [check, diff, comment], "comment": comment, "gate": gate}


@pytest.mark.parametrize(
    ("new_tree", "job_status"),
    [(PROVIDER + SIGNING, None), (BROKEN + SIGNING, 1)],
    ids=["clean", "error-finding"],
)
def test_a_fork_pull_request_fails_only_on_the_policy(
    tmp_path: Path, api: FakeApi, new_tree: str, job_status: int | None
) -> None:
    repo = make_repo(tmp_path / "repo", {"main.tf": PROVIDER}, {"main.tf": new_tree})
    git(repo, "checkout", "-q", "--detach")
    for _ in range(4):  # every request of the read-only token is refused
        api.fail_next(403, body=FORBIDDEN)
    run = run_pull_request(repo, tmp_path, api)
    assert [step.returncode for step in run["steps"]] == [0, 0, 0]  # type: ignore[attr-defined]
    comment = run["comment"]
    assert "::warning title=kmslint::The pull request comment was not posted: " in comment.stdout  # type: ignore[attr-defined]
    assert "403" in comment.stdout and "pull-requests: write" in comment.stdout  # type: ignore[attr-defined]
    assert TOKEN not in comment.stdout + comment.stderr  # type: ignore[attr-defined]
    assert api.writes() == []
    assert run["gate"] == job_status  # None: the gate step does not run, the job passes


def test_a_failed_sarif_upload_is_a_warning() -> None:
    sarif, warn = steps()["sarif"], steps()["Warn about the SARIF upload"]
    assert sarif["continue-on-error"] is True
    assert "steps.sarif.outcome == 'failure'" in warn["if"]
    assert "::warning title=kmslint::The SARIF upload to code scanning failed" in warn["run"]
    gate = steps()["Fail on the policy result"]["if"]
    assert "steps.check.outputs.exit-code" in gate and "steps.diff.outputs.diff-exit-code" in gate
    assert "sarif" not in gate and "comment" not in gate
