"""Arbitrary strings in a report cannot change any output's structure (hypothesis)."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmslint.commands.outputs import READ_BY_PEOPLE, _shown_document
from kmslint.findings import rule_link
from kmslint.formatters import FORMATS, render_document
from tests.helpers import EXAMPLES, run_cli

_BASE: dict[str, Any] = json.loads(
    run_cli("check", EXAMPLES / "terraform" / "signing", "--format", "json").stdout
)
_FINDING = {
    "rule_id": "KMS007",
    "rule_name": "invalid-key-spec",
    "severity": "error",
    "message": "m",
    "address": "a",
    "file": "main.tf",
    "line": 3,
    "link": rule_link("KMS007"),
}


def document(value: str) -> dict[str, Any]:
    made = copy.deepcopy(_BASE)
    made["findings"] = [{**_FINDING, "message": value, "address": value, "rule_name": value}]
    made["errors"] = [{"file": value, "line": 1, "message": value}]
    made["resources"][0]["address"] = value
    return made


def rendered(name: str, value: str) -> str:
    doc = document(value)
    if name in READ_BY_PEOPLE:
        doc = _shown_document(doc, False)
    return render_document(name, doc)


def shape(name: str, text: str) -> Any:
    """What must not change: line structure for people's formats, parsed structure otherwise."""
    if name in ("json", "sarif", "gitlab"):
        data = json.loads(text)
        return len(data) if isinstance(data, list) else sorted(data)
    if name == "junit":
        return len(list(ET.fromstring(text).iter("testcase")))
    lines = text.splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.lstrip().startswith("::")]
    if name == "markdown":  # raw HTML only where kmslint writes it (<details>, <summary>)
        return commands, "\x1b" in text, sorted(set(_raw_html(text)))
    return commands, "\x1b" in text, name == "html" and "<script" in text.lower()


def _raw_html(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        for child in [token, *(token.children or [])]:
            if child.type in ("html_inline", "html_block"):
                found.append(child.content.strip().split(">")[0].split()[0].lower())
    return found


SAFE = {name: shape(name, rendered(name, "x")) for name in FORMATS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40) | st.sampled_from(
    ["\n::add-mask::x", "\x1b]0;t\x07", "</testcase><x>", "<script>alert(1)</script>",
     "`|`\n| a | b |", "%0A::error::x", "\r\n::warning::y"]
))  # fmt: skip
def test_no_string_changes_the_structure_of_any_format(value: str) -> None:
    for name in FORMATS:
        assert shape(name, rendered(name, value)) == SAFE[name], (name, value)
