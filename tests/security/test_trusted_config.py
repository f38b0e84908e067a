"""The pipeline's policy, not the pull request's: --config / KMSLINT_CONFIG name a config the
pull request cannot edit, and its own .kmslint.yaml then does not apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commands.test_diff import make_repo
from tests.helpers import EXAMPLES, run_cli

SIGNING = (EXAMPLES / "terraform" / "signing" / "main.tf").read_text(encoding="utf-8")
BUDGET = "budget: {monthly_usd: 1}\n"


def test_kmslint_config_names_the_trusted_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "trusted.yaml").write_text(BUDGET, encoding="utf-8")
    repo = make_repo(
        tmp_path / "repo", {"main.tf": SIGNING, ".kmslint.yaml": "rules:\n  KMS001: false\n"}
    )
    monkeypatch.chdir(repo)
    result = run_cli(
        "check", ".", "--format", "json", env={"KMSLINT_CONFIG": str(tmp_path / "trusted.yaml")}
    )
    assert result.exit_code == 1, result.stderr
    assert "KMS001" in [f["rule_id"] for f in json.loads(result.stdout)["findings"]]
