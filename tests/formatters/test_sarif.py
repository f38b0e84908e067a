"""``--format sarif``: SARIF 2.1.0, checked by Microsoft's validator and the SARIF JSON schema.

The validator and the schema come from the npm package ``@microsoft/sarif-multitool`` (MIT),
installed once into pytest's cache directory. Where node/npm is missing or the package cannot
be installed, those tests are skipped with the reason; the structural tests always run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kmslint import __version__
from kmslint.findings import DOCS_BASE
from kmslint.formatters import render, render_document
from tests.formatters.support import FIXTURE, POLICY_FIXTURES, hostile_report
from tests.helpers import run_cli

MULTITOOL = "@microsoft/sarif-multitool@5.7.0"
LINK = DOCS_BASE


def sarif(*args: Any) -> dict[str, Any]:
    return dict(json.loads(run_cli("check", *args, "--format", "sarif").stdout))


@pytest.fixture(scope="session")
def multitool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(validator executable, SARIF 2.1.0 schema), or a skip saying why not. It is kept in
    pytest's cache, or for this session only when the cache is off (``-p no:cacheprovider``)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        pytest.skip("node/npm is not installed, so Microsoft's SARIF validator cannot run here")
    cache = getattr(request.config, "cache", None)
    name = "sarif-multitool-5.7.0"
    home = Path(cache.mkdir(name)) if cache is not None else tmp_path_factory.mktemp(name)
    locate = [node, "-p", "require('@microsoft/sarif-multitool')"]
    found = subprocess.run(locate, cwd=home, capture_output=True, text=True, timeout=60)
    if found.returncode != 0:
        install = subprocess.run(
            [npm, "install", "--prefix", str(home), "--no-audit", "--no-fund", MULTITOOL],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if install.returncode != 0:
            pytest.skip(
                f"cannot install {MULTITOOL} from npm: {install.stderr.strip().splitlines()[-1:]}"
            )
        found = subprocess.run(locate, cwd=home, capture_output=True, text=True, timeout=60)
    if found.returncode != 0:
        pytest.skip(
            f"{MULTITOOL} has no build for this platform: {found.stderr.strip().splitlines()[-1:]}"
        )
    tool = Path(found.stdout.strip())
    tool.chmod(tool.stat().st_mode | 0o100)  # npm may skip the package's chmod install script
    return tool, tool.parent / "sarif-2.1.0.json"


def validate(tool: Path, log: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    """The validator's error and warning results for ``log`` (notes are advice, not defects)."""
    source, output = tmp_path / "kmslint.sarif", tmp_path / "validation.sarif"
    source.write_text(json.dumps(log), encoding="utf-8")
    run = subprocess.run(
        [
            str(tool),
            "validate",
            str(source),
            "--output",
            str(output),
            "--log",
            "ForceOverwrite",
            "--level",
            "Error;Warning;Note",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(output.read_text(encoding="utf-8"))["runs"][0]["results"]
    return [r for r in results if r.get("level", "warning") in ("error", "warning")]


@pytest.mark.parametrize("source", [POLICY_FIXTURES, FIXTURE, Path("examples/terraform")], ids=str)
def test_microsofts_validator_finds_no_error_or_warning(
    at_root: Path, multitool: tuple[Path, Path], tmp_path: Path, source: Path
) -> None:
    assert validate(multitool[0], sarif(source), tmp_path) == []


def test_hostile_text_suppressions_diffs_and_scan_wide_findings_validate(
    at_root: Path, multitool: tuple[Path, Path], tmp_path: Path
) -> None:
    from kmslint.diff import diff_documents

    assert validate(multitool[0], json.loads(render("sarif", hostile_report())), tmp_path) == []
    assert validate(multitool[0], sarif(POLICY_FIXTURES, "--show-suppressed"), tmp_path) == []
    base = json.loads(run_cli("check", FIXTURE, "--format", "json").stdout)
    diff = diff_documents({**base, "findings": []}, base, {"label": "main"})
    assert validate(multitool[0], json.loads(render_document("sarif", diff)), tmp_path) == []


def test_logs_match_the_sarif_json_schema(at_root: Path, multitool: tuple[Path, Path]) -> None:
    import jsonschema

    schema = json.loads(multitool[1].read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    logs = (
        sarif(POLICY_FIXTURES),
        sarif(POLICY_FIXTURES, "--show-suppressed"),
        json.loads(render("sarif", hostile_report())),
    )
    assert any("suppressions" in result for result in logs[1]["runs"][0]["results"])
    for log in logs:
        errors = sorted(validator.iter_errors(log), key=str)
        assert errors == [], errors[0].message if errors else ""


def test_tool_rules_and_results(at_root: Path) -> None:
    log = sarif(FIXTURE)
    assert (log["version"], log["$schema"].endswith("sarif-schema-2.1.0.json")) == ("2.1.0", True)
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "kmslint",
        __version__,
        "https://github.com/kmslint/kmslint",
    )
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == ["KMS003", "KMS007", "KMS012"]
    kms003 = rules["KMS003"]
    assert kms003["name"] == "RotationCostGrowth"
    assert (
        kms003["shortDescription"]["text"]
        == "Automatic rotation on an HSM key more often than min_interval_days makes its cost grow every month."
    )
    assert kms003["fullDescription"]["text"].startswith(
        "Automatic rotation adds a key version at every interval"
    )
    assert kms003["help"]["text"].startswith("Rotate less often (every 90 to 365 days is common)")
    assert (kms003["helpUri"], kms003["defaultConfiguration"]["level"]) == (
        f"{LINK}/KMS003.md",
        "warning",
    )
    results = [
        (r["ruleId"], r["ruleIndex"], r["level"], r["locations"][0]["physicalLocation"])
        for r in run["results"]
    ]
    uri = {"uri": "tests/formatters/fixtures/policy/main.tf"}
    assert results == [
        (
            "KMS003",
            0,
            "warning",
            {"artifactLocation": uri, "region": {"startLine": 11, "endLine": 13}},
        ),
        (
            "KMS007",
            1,
            "error",
            {"artifactLocation": uri, "region": {"startLine": 17, "endLine": 19}},
        ),
        (
            "KMS012",
            2,
            "note",
            {"artifactLocation": uri, "region": {"startLine": 30, "endLine": 32}},
        ),
    ]
    assert (
        run["results"][2]["message"]["text"]
        == "the key is Disabled but still pays hosting: $0.06 a month for 1 version(s)."
    )
    assert run["results"][1]["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "alicloud_kms_key.bad_spec", "kind": "resource"}
    ]
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_uris_are_relative_with_forward_slashes_or_file_uris(at_root: Path, tmp_path: Path) -> None:
    [run] = json.loads(render("sarif", hostile_report()))["runs"]
    assert run["results"][3]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "dir%20with%20space/main%2C1.tf"
    }
    assert "locations" not in run["results"][4]  # a budget finding is about the whole scan
    (tmp_path / "main.tf").write_text(
        'resource "alicloud_kms_key" "k" {\n  key_spec = "Aliyun_AES_128"\n}\n'
    )
    [outside] = sarif(tmp_path)["runs"]
    assert (
        outside["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == (tmp_path / "main.tf").as_uri()
    )


def test_fingerprints_ignore_lines(at_root: Path) -> None:
    report = hostile_report()
    before = [
        r["partialFingerprints"] for r in json.loads(render("sarif", report))["runs"][0]["results"]
    ]
    for finding in report.findings:
        finding.line = (finding.line or 0) + 10 if finding.line else None
    after = [
        r["partialFingerprints"] for r in json.loads(render("sarif", report))["runs"][0]["results"]
    ]
    assert before == after and len({json.dumps(f) for f in before}) == len(before)


def test_input_errors_are_notifications(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n')
    [run] = json.loads(run_cli("estimate", tmp_path, "--format", "sarif").stdout)["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("HCL syntax error")
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}


def test_a_diff_report_marks_new_results(at_root: Path) -> None:
    from kmslint.diff import diff_documents

    base = json.loads(run_cli("check", FIXTURE, "--format", "json").stdout)
    new = json.loads(json.dumps(base))
    base["findings"] = base["findings"][:1]
    [run] = json.loads(render_document("sarif", diff_documents(base, new, {"label": "main"})))[
        "runs"
    ]
    assert [(r["ruleId"], r["baselineState"]) for r in run["results"]] == [
        ("KMS003", "unchanged"),
        ("KMS007", "new"),
        ("KMS012", "new"),
    ]
