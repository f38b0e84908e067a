"""Every format renders the policy fixtures, our fixture and a real scan of the examples."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kmslint.formatters import FORMATS, render, render_document
from tests.formatters.support import FIXTURE, POLICY_FIXTURES, check_document, checked
from tests.helpers import run_cli

SOURCES = [POLICY_FIXTURES, FIXTURE, Path("examples/terraform")]


def parses(name: str, text: str) -> None:
    """The output is well-formed in its own syntax."""
    if name in ("json", "sarif", "gitlab"):
        json.loads(text)
    elif name == "junit":
        ET.fromstring(text.encode("utf-8"))
    elif name == "html":
        HTMLParser().feed(text)
    assert text.endswith("\n")


ALL = tuple(FORMATS)


@pytest.mark.parametrize("source", SOURCES, ids=str)
@pytest.mark.parametrize("name", ALL)
def test_check_renders_each_source_in_each_format(at_root: Path, source: Path, name: str) -> None:
    result = run_cli("check", source, "--format", name)
    expected_exit = (
        1  # error findings fail the check (examples: KMS016 in kms-instance-subscription)
    )
    assert result.exit_code == expected_exit, result.stderr
    parses(name, result.stdout)
    document = check_document(source)
    for finding in document["findings"]:
        if name in ("markdown", "text", "junit", "github", "gitlab"):
            assert finding["rule_id"] in result.stdout


@pytest.mark.parametrize("name", [n for n in ALL if n != "text"])
def test_a_report_and_its_saved_document_render_the_same(at_root: Path, name: str) -> None:
    report = checked(FIXTURE)
    document = json.loads(render("json", report))
    assert render(name, report) == render_document(name, document)


def test_several_formats_at_once_go_to_their_files(at_root: Path, tmp_path: Path) -> None:
    outputs = {name: tmp_path / f"report.{name}" for name in ("sarif", "json", "junit", "html")}
    args = [
        part for name, path in outputs.items() for part in ("--format", name, "--output", str(path))
    ]
    result = run_cli("check", FIXTURE, *args, "--format", "github", "--output", "-")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::warning file=tests/formatters/fixtures/policy/main.tf,line=11,"
    )
    for name, path in outputs.items():
        parses(name, path.read_text(encoding="utf-8"))


def test_an_unknown_format_is_a_usage_error(at_root: Path) -> None:
    result = run_cli("check", FIXTURE, "--format", "pdf")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--format': 'pdf' is not one of 'text', 'json', 'markdown', 'sarif', "
        "'junit', 'github', 'gitlab', 'html'" in result.stderr
    )
