"""kmslint rules: the listing, one rule's page, unknown ids, speed (no HCL parser), docs in sync."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kmslint.policy.catalogue import builtin_rules
from kmslint.policy.docs import generated_pages
from tests.helpers import ROOT, run_cli

DOCS = ROOT / "docs" / "rules"


def test_listing() -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "SEVERITY", "ENABLED", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == [r.id for r in builtin_rules()]
    by_id = {line.split()[0]: line for line in lines[1:]}
    assert by_id["KMS003"].startswith(
        "KMS003  rotation-cost-growth   warning   yes      Automatic rotation on an HSM key"
    )
    assert by_id["KMS014"].startswith(
        "KMS014  kms1-legacy            info      yes      A key is billed under KMS 1.0"
    )


def test_the_readme_rule_table_lists_the_catalogue() -> None:
    """The README's table is a hand-kept summary; its ids, names and severities are the rules'."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (KMS\d{3}) \| ([a-z0-9-]+) \| ([a-z]+)", readme, re.M)
    assert rows == [(r.id, r.name, r.severity) for r in builtin_rules()]


def test_listing_reflects_config(tmp_path: Path, monkeypatch: object) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".kmslint.yaml").write_text(
        "rules:\n  KMS006: false\n  KMS014: {enabled: true, severity: warning}\n"
    )
    result = run_cli("rules", "--config", str(tmp_path / ".kmslint.yaml"))
    lines = {line.split()[0]: line.split()[:4] for line in result.stdout.splitlines()[1:]}
    assert lines["KMS006"] == ["KMS006", "unused-key", "info", "no"]
    assert lines["KMS014"] == ["KMS014", "kms1-legacy", "warning", "yes"]


def test_one_rule_prints_its_documentation_page() -> None:
    for wanted in ("KMS003", "kms003", "rotation-cost-growth"):
        result = run_cli("rules", wanted)
        assert result.exit_code == 0
        assert result.stdout == (DOCS / "KMS003.md").read_text(encoding="utf-8")


def test_unknown_rule_exits_2() -> None:
    result = run_cli("rules", "KMS03")
    assert result.exit_code == 2
    assert result.stderr == "kmslint: unknown rule 'KMS03' (did you mean 'KMS003'?)\n"
    assert result.stdout == ""


def test_rules_does_not_import_the_hcl_parser() -> None:
    code = (
        "import sys\n"
        "from kmslint.cli import main\n"
        "try:\n    main(['rules'])\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('hcl2', 'lark') or m.startswith('kmslint.terraform'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stderr.strip() == "[]"


def test_committed_docs_equal_the_generated_pages() -> None:
    pages = generated_pages(builtin_rules())
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    assert sorted(committed) == sorted(pages), "run: python -m kmslint.policy.docs"
    for name, text in pages.items():
        assert committed[name] == text, (
            f"docs/rules/{name} is stale; run: python -m kmslint.policy.docs"
        )


def test_docs_check_mode(tmp_path: Path) -> None:
    from kmslint.policy.docs import main

    assert main([str(tmp_path), "--check"]) == 1
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--check"]) == 0
    assert (
        (tmp_path / "KMS014.md").read_text(encoding="utf-8").startswith("# KMS014: kms1-legacy\n")
    )
