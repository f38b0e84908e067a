"""The ROS parse cache: a warm run parses nothing, gives the same report, survives corruption."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, json_report

TEMPLATE = EXAMPLES / "ros" / "disk-encryption"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import kmslint.ros.template as template

    parsed: list[str] = []
    real = template.load_document

    def counting(text: str, path: str) -> object:
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(template, "load_document", counting)
    return parsed


def test_a_warm_run_parses_no_template_and_reports_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed = _count_parses(monkeypatch)
    templates = len([p for p in (EXAMPLES / "ros").glob("*/template.*")])
    cold = json_report("estimate", EXAMPLES / "ros")
    assert len(parsed) == templates >= 3
    warm = json_report("estimate", EXAMPLES / "ros")
    assert len(parsed) == templates  # nothing parsed again
    assert warm == cold
    assert cold["summary"]["key_count"] == 3 + 3 + 90  # worked examples, the instance twins


def test_no_cache_reads_and_writes_no_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _count_parses(monkeypatch)
    json_report("estimate", TEMPLATE, "--no-cache")
    json_report("estimate", TEMPLATE, "--no-cache")
    assert len(parsed) == 2
    assert not (Path(os.environ["KMSLINT_CACHE_DIR"]) / "ros").exists()


def test_a_corrupt_entry_is_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    cold = json_report("estimate", TEMPLATE)
    entries = list((Path(os.environ["KMSLINT_CACHE_DIR"]) / "ros").rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text('{"M": [1, 2, [["x"', encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    assert json_report("estimate", TEMPLATE) == cold
    assert len(parsed) == 1
