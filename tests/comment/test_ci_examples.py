"""The GitHub Action and the GitLab CI example: their shell steps run for real (kmslint from this
environment, the comment API faked), so what the README tells people to copy works."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from kmslint.comment.sticky import MARKER
from tests.commands.test_diff import PROVIDER, SIGNING, git, make_repo
from tests.comment.conftest import TOKEN
from tests.comment.fake_api import FakeApi
from tests.helpers import ROOT

BROKEN = (
    PROVIDER
    + 'resource "alicloud_kms_key" "k" {\n  key_spec               = "Aliyun_AES_128"\n  pending_window_in_days = 7\n}\n'
)


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps() -> dict[str, dict[str, Any]]:
    return {
        step.get("id") or step.get("name") or step["uses"]: step
        for step in load(ROOT / "action.yml")["runs"]["steps"]
    }


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a CI shell step the way the runners do (bash -e -o pipefail), with kmslint on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = {**os.environ, "PATH": path, "GIT_CONFIG_GLOBAL": os.devnull, **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def test_the_action_declares_its_inputs_and_steps() -> None:
    action = load(ROOT / "action.yml")
    assert set(action["inputs"]) >= {
        "path",
        "usage-file",
        "fail-on",
        "github-token",
        "comment",
        "comment-behavior",
        "sarif",
        "working-directory",
        "version",
    }
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert (
        uses[0].startswith("actions/setup-python@")
        and "github/codeql-action/upload-sarif@v3" in uses
    )
    assert steps()["sarif"]["with"]["sarif_file"] == "${{ inputs.working-directory }}/kmslint.sarif"
    assert steps()["sarif"]["continue-on-error"] is True  # a failed upload never fails the job
    assert "github.event_name == 'pull_request'" in steps()["comment"]["if"]
    for step in action["runs"][
        "steps"
    ]:  # inputs reach scripts through env only: no script injection
        assert not re.search(r"\$\{\{\s*(inputs|github\.event)", step.get("run", ""))


def test_the_check_step(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"main.tf": BROKEN})
    (tmp_path / "out").write_text("", encoding="utf-8")
    env = {
        "KMSLINT_PATH": ".",
        "KMSLINT_USAGE_FILE": "",
        "KMSLINT_FAIL_ON": "error",
        "KMSLINT_SARIF": "false",
        "GITHUB_OUTPUT": str(tmp_path / "out"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    result = bash(steps()["check"]["run"], repo, env)
    assert result.returncode == 0, result.stderr
    assert outputs(tmp_path / "out") == {"exit-code": "1", "monthly-cost": "0.06"}
    assert "::error file=main.tf,line=5,endLine=7,title=KMS007 invalid-key-spec::" in result.stdout
    assert not (repo / "kmslint.sarif").exists()  # annotations or SARIF, not both
    assert (repo / "kmslint.html").is_file()

    with_sarif = bash(steps()["check"]["run"], repo, {**env, "KMSLINT_SARIF": "true"})
    assert with_sarif.returncode == 0, with_sarif.stderr
    assert "::error" not in with_sarif.stdout
    assert (
        json.loads((repo / "kmslint.sarif").read_text(encoding="utf-8"))["runs"][0]["results"][-1][
            "ruleId"
        ]
        == "KMS007"
    )
    assert (
        (tmp_path / "summary.md")
        .read_text(encoding="utf-8")
        .startswith("#### Monthly KMS cost is \\$0.06 now and \\$0.06 by month 12: 1 policy error")
    )


def test_the_diff_and_comment_steps_comment_the_change(tmp_path: Path, api: FakeApi) -> None:
    repo = make_repo(tmp_path / "repo", {"main.tf": PROVIDER}, {"main.tf": PROVIDER + SIGNING})
    git(repo, "checkout", "-q", "--detach")
    report = bash(
        "kmslint check . --format json --output kmslint.json --format text --output -", repo, {}
    )
    assert report.returncode == 0, report.stderr
    diff_env = {
        "BASE_SHA": git(repo, "rev-parse", "HEAD~1").strip(),
        "KMSLINT_PATH": ".",
        "KMSLINT_USAGE_FILE": "",
        "GITHUB_OUTPUT": str(tmp_path / "out"),
    }
    diff = bash(steps()["diff"]["run"], repo, diff_env)
    assert diff.returncode == 0, diff.stderr
    assert outputs(tmp_path / "out") == {"diff-exit-code": "0"}
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": api.url,
        "GITHUB_REPOSITORY": "octo/infra",
        "PR_NUMBER": "5",
        "KMSLINT_BEHAVIOR": "update",
        "DIFF_STATUS": "0",
    }
    result = bash(steps()["comment"]["run"], repo, env)
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert api.writes() == [("POST", "/repos/octo/infra/issues/5/comments")]
    body = api.requests[-1].body["body"]
    assert body.startswith(
        MARKER
        + "\n#### Monthly KMS cost rises by \\$2.49 by month 12 (+\\$2.49 now): no new policy errors"
    )


def test_the_gitlab_job(tmp_path: Path, api: FakeApi) -> None:
    job = load(ROOT / "examples/ci/gitlab-ci.yml")["kmslint"]
    repo = make_repo(
        tmp_path / "repo",
        {"main.tf": PROVIDER},
        {"main.tf": BROKEN + SIGNING.replace("signing", "extra")},
    )
    env = {
        **job["variables"],
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "HEAD~1").strip(),
        "CI_MERGE_REQUEST_IID": "3",
        "CI_PROJECT_ID": "42",
        "GITLAB_TOKEN": TOKEN,
        "CI_API_V4_URL": f"{api.url}/api/v4",
    }
    result = bash("\n".join(job["script"]), repo, env)
    assert result.returncode == 1, result.stdout + result.stderr  # the KMS007 error fails the job
    assert TOKEN not in result.stdout + result.stderr
    for artifact in [*job["artifacts"]["reports"].values(), *job["artifacts"]["paths"]]:
        assert (repo / artifact).is_file(), artifact
    quality = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [(i["check_name"], i["severity"]) for i in quality if i["check_name"] == "KMS007"] == [
        ("KMS007", "major")
    ]
    assert api.writes() == [("POST", "/api/v4/projects/42/merge_requests/3/notes")]
    assert (
        "\n#### Monthly KMS cost rises by \\$2.55 by month 12 (+\\$2.55 now): 1 new policy error"
        in api.requests[-1].body["body"]
    )


@pytest.mark.parametrize(
    "name", ["action.yml", "examples/ci/gitlab-ci.yml", ".pre-commit-hooks.yaml"]
)
def test_the_files_are_valid_yaml(name: str) -> None:
    assert load(ROOT / name)
