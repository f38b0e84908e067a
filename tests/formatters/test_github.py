"""``--format github``: workflow commands that annotate lines, escaped as the runner expects."""

from __future__ import annotations

from pathlib import Path

from kmslint.findings import DOCS_BASE
from kmslint.formatters import render
from kmslint.formatters.github import command, escape_data, escape_property
from tests.formatters.support import FIXTURE, hostile_report
from tests.helpers import run_cli

LINK = DOCS_BASE


def test_one_annotation_per_finding_on_its_lines_and_a_cost_notice(at_root: Path) -> None:
    lines = run_cli("check", FIXTURE, "--format", "github").stdout.splitlines()
    assert lines[1] == (
        "::error file=tests/formatters/fixtures/policy/main.tf,line=17,endLine=19,title=KMS007 invalid-key-spec::"
        "alicloud_kms_key.bad_spec: key_spec Aliyun_AES_128 exists only in dedicated KMS instances, not for KMS 1.0 keys "
        f"(use Aliyun_AES_256, or put it in a dedicated instance with dkms_instance_id)%0A{LINK}/KMS007.md"
    )
    assert lines[0].startswith(
        "::warning file=tests/formatters/fixtures/policy/main.tf,line=11,endLine=13,title=KMS003 rotation-cost-growth::"
    )
    assert lines[2].startswith(
        "::notice file=tests/formatters/fixtures/policy/main.tf,line=30,endLine=32,title=KMS012 disabled-still-billed::"
    )
    assert lines[3] == "::notice title=kmslint cost::Monthly KMS cost $5.16; month 12: $16.05"
    assert len(lines) == 4


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert (
        command("error", "x", file="a,b:c.tf", line=3, endLine=None, title="T")
        == "::error file=a%2Cb%3Ac.tf,line=3,title=T::x"
    )


def test_hostile_text_stays_in_one_command(at_root: Path) -> None:
    lines = render("github", hostile_report()).splitlines()
    assert lines[3] == (
        "::warning file=dir with space/main%2C1.tf,line=3,endLine=5,title=KMS003 rotation-cost-growth::"
        'alicloud_kms_key.x["<script>alert(1)</script>|`tick`"]: 100%25 of "x", <b>bold</b> | pipe, a:b%0A'
        f"second line <!-- kmslint-comment -->%0A{LINK}/KMS003.md"
    )
    assert (
        lines[4]
        == f"::error title=KMS001 monthly-budget::monthly cost $5.10 is over the budget of $1.00%0A{LINK}/KMS001.md"
    )


def test_input_errors_are_error_annotations(at_root: Path, tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n')
    result = run_cli("estimate", tmp_path, "--format", "github")
    assert result.exit_code == 2
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        f"::error file={tmp_path.as_posix()}/main.tf,line=2,title=kmslint input error::HCL syntax error"
    )
