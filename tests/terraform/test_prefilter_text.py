"""The prefilter's text tests: the word test equals the pattern's search, module blocks are
found as a ``\\b``-anchored ``finditer`` finds them, and each file is read once."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kmslint.terraform import workspace
from kmslint.terraform.workspace import Workspace, is_relevant, relevant_pattern, relevant_words
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_monorepo import generate

MODULE_CASES = [
    'module "a" {\n  source = "./a"\n}\n',
    'xmodule "a" {\n  source = "./x"\n}\n',
    '_module "a" { source = "./u" }\n',
    'émodule "a" { source = "./e" }\n',
    '1module "a" { source = "./d" }\n',
    'modulemodule "a" { source = "./m" }\n',
    'module module "a" { source = "./mm" }\n',
    'module "a" { source = "./one" } module "b" { source = "../two" }\n',
    'module "r" {\n  source = "git::https://example.com/m.git"\n}\nmodule "l" { source = "./l" }\n',
    '# module "c" { source = "./commented" }\nresource "x" "y" {}\n',
    'module\n"spaced"\n{\n  source = "./s" # trailing\n}\n',
    'module "unterminated {\n source = "./u"\n',
    "module",
    "",
]


def _reference_segments(text: str) -> list[str]:
    pattern = re.compile(r'\bmodule\s+"[^"]*"\s*\{')
    found = []
    for block in pattern.finditer(text):
        following = workspace._NEXT_BLOCK.search(text, block.end())
        found.append(text[block.end() : following.start() if following else len(text)])
    return found


@pytest.mark.parametrize("text", MODULE_CASES)
def test_module_blocks_are_the_word_anchored_matches(text: str) -> None:
    assert workspace.module_blocks(text) == _reference_segments(text)


def test_local_and_remote_sources() -> None:
    text = MODULE_CASES[8]
    assert workspace.local_sources(text) == ["./l"]
    assert workspace.calls_remote_module(text)
    assert set(workspace.local_sources(MODULE_CASES[7])) == {"./one", "../two"}
    assert not workspace.calls_remote_module(MODULE_CASES[7])
    assert workspace.local_sources(MODULE_CASES[1]) == []


def test_the_word_test_is_the_pattern_search(tmp_path: Path) -> None:
    words = relevant_words()
    assert "alicloud_kms" in words and "alicloud_kms_key" not in words
    pattern = relevant_pattern()
    for word in pattern.pattern.split("|"):
        plain = word.replace("\\", "")
        assert is_relevant(f"x {plain} y")
        assert is_relevant(plain[:-1]) == bool(pattern.search(plain[:-1]))
    repo = generate(tmp_path / "repo", stacks=3, keys=1)
    texts = [p.read_text(encoding="utf-8") for p in sorted(repo.rglob("*.tf"))]
    assert {is_relevant(t) for t in texts} == {True, False}
    assert [is_relevant(t) for t in texts] == [bool(pattern.search(t)) for t in texts]


def test_each_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = generate(tmp_path / "repo", stacks=4, keys=1)
    reads: list[Path] = []
    real = workspace.read_text

    def counted(path: Path) -> str:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(workspace, "read_text", counted)
    space = Workspace()
    stacks = sorted((repo / "stacks").iterdir())
    reached = [space.reaches_kms(stack) for stack in stacks]
    assert True in reached and False in reached
    assert len(reads) == len(set(reads)) > len(stacks)
