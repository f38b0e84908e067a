"""The format registry is the one list of formats, and a new format needs nothing but itself.

The throwaway format below is a module written to a temporary directory and one
``register_format`` call: no file of kmslint is edited, yet ``check --format``, ``--help`` and
``render`` all know it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kmslint.formatters import FORMATS, formatter, register_format, render
from tests.formatters.support import FIXTURE, check_document, checked
from tests.helpers import ROOT, run_cli

THROWAWAY = '''\
"""--format csv: one line per finding (a format that exists only in this test)."""


def render_document(document, *, color=False, show_suppressed=False):
    rows = [f"{f['rule_id']},{f.get('file') or ''},{f.get('line') or ''}" for f in document["findings"]]
    return "".join(row + "\\n" for row in rows)
'''


@pytest.fixture
def csv_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A ``rows`` format (CSV lines) registered through the public registry, unregistered afterwards."""
    (tmp_path / "throwaway_csv_format.py").write_text(THROWAWAY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = dict(FORMATS)
    register_format("rows", "throwaway_csv_format")
    yield "rows"
    FORMATS.clear()
    FORMATS.update(before)


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_registered_module_is_a_formatter(name: str) -> None:
    signature = inspect.signature(formatter(name).render_document)
    parameters = list(signature.parameters.values())
    assert [p.name for p in parameters] == ["document", "color", "show_suppressed"]
    assert [p.kind for p in parameters[1:]] == [inspect.Parameter.KEYWORD_ONLY] * 2
    assert [p.default for p in parameters[1:]] == [False, False]


def test_a_registered_format_renders_through_check(
    at_root: Path, csv_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = "".join(
        f"{f['rule_id']},{f.get('file') or ''},{f.get('line') or ''}\n"
        for f in check_document(FIXTURE)["findings"]
    )
    result = run_cli("check", str(FIXTURE), "--format", csv_format)
    assert result.exit_code == 1, result.stderr  # the fixture has error findings
    assert result.stdout == expected
    assert "KMS007,tests/formatters/fixtures/policy/main.tf,17\n" in result.stdout
    assert render(csv_format, checked(FIXTURE)) == expected


def test_help_and_errors_list_the_registered_formats(csv_format: str) -> None:
    help_text = " ".join(run_cli("check", "--help").stdout.split())
    assert "text, json, markdown, " in help_text
    assert f", {csv_format}; repeat with --output" in help_text
    result = run_cli("check", ".", "--format", "pdf")
    assert result.exit_code == 2
    choices = ", ".join(repr(name) for name in FORMATS)
    assert f"Invalid value for '--format': 'pdf' is not one of {choices}." in result.stderr


def test_a_name_is_registered_once(csv_format: str) -> None:
    with pytest.raises(ValueError, match="format 'rows' is already registered"):
        register_format(csv_format, "another_module")


def readme_format_names() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"`--format` takes (.*?);", text, re.S)
    assert sentence, "README: the '`--format` takes ...;' sentence is missing"
    return re.findall(r"`([a-z]+)`", sentence.group(1))


def test_the_readme_lists_the_registered_formats() -> None:
    assert readme_format_names() == list(FORMATS)


def test_the_readme_table_has_a_row_per_format_but_text() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| format | for |") :].split("\n\n")[0]
    rows = re.findall(r"^\| `([a-z]+)` \|", table, re.M)
    assert rows == [name for name in FORMATS if name != "text"]
