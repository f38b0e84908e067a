"""kmslint's own parser of python-hcl2's grammar: the same trees, lines taken from the tokens."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

from kmslint.terraform import grammar
from kmslint.terraform.parse import parse_hcl
from tests.helpers import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_monorepo import generate

EDGE_CASES = """
a = []
b = {}
c = [
  1,
  {
    x = "y"   # comment
  },
]
d = f(
)
e = x
  ? "a"
  : "b"
g = <<-EOT
  ${var.x}
  EOT
block "label" {
  nested {
  }
}
"""


def test_python_hcl2_grammar_is_the_one_kmslint_was_written_against() -> None:
    # kmslint converts the parse tree rule by rule: a new grammar file must be reviewed (the
    # rule names, the named terminals that first_line relies on) before this hash is updated.
    digest = hashlib.sha256(grammar.grammar_path().read_bytes()).hexdigest()
    assert digest == grammar.GRAMMAR_SHA256


def _sources(tmp_path: Path) -> list[str]:
    files = sorted({*EXAMPLES.rglob("*.tf"), *(ROOT / "tests").rglob("*.tf")})
    repo = generate(tmp_path / "repo", stacks=3, keys=1)
    texts = [EDGE_CASES, *(p.read_text(encoding="utf-8", errors="replace") for p in files)]
    return texts + [p.read_text(encoding="utf-8") for p in sorted(repo.rglob("*.tf"))]


def _compare(positioned: Any, plain: Any, seen: list[int]) -> None:
    if isinstance(positioned, str) or positioned is None:
        assert positioned == plain
        return
    assert positioned.data == plain.data and len(positioned.children) == len(plain.children)
    if not positioned.meta.empty:
        assert grammar.first_line(plain) == positioned.meta.line
        assert grammar.last_line(plain) == positioned.meta.end_line
        seen.append(positioned.meta.line)
    for left, right in zip(positioned.children, plain.children, strict=True):
        _compare(left, right, seen)


def test_lines_from_tokens_equal_lark_position_propagation(tmp_path: Path) -> None:
    import hcl2
    from lark.exceptions import LarkError

    compared: list[int] = []
    for text in _sources(tmp_path):
        try:
            positioned = hcl2.parses_to_tree(text)
        except LarkError:
            with pytest.raises(LarkError):
                grammar.parse_tree(text)
            continue
        _compare(positioned, grammar.parse_tree(text), compared)
    assert len(compared) > 10_000


def test_block_and_attribute_lines(tmp_path: Path) -> None:
    config = parse_hcl(EDGE_CASES, "edge.tf")
    assert {name: a.line for name, a in config.body.attributes.items()} == {
        "a": 2,
        "b": 3,
        "c": 4,
        "d": 10,
        "e": 12,
        "g": 15,
    }
    (block,) = config.body.blocks
    assert (block.line, block.end_line) == (18, 21)
    assert config.body.attributes["a"].expr.line == 2


def test_a_tampered_saved_parser_is_rebuilt_not_run(tmp_path: Path) -> None:
    import os
    import pickle

    saved = grammar._saved_path(grammar.grammar_text(grammar.grammar_path()).encode())
    assert saved is not None
    grammar.parser.cache_clear()
    grammar.parser()
    assert saved.is_file()
    saved.write_bytes(pickle.dumps(os.system))
    grammar.parser.cache_clear()
    try:
        assert grammar.parse_tree('x = "y"').data == "start"
        assert saved.read_bytes() != pickle.dumps(os.system)  # rebuilt and saved again
    finally:
        grammar.parser.cache_clear()


def test_the_built_parser_is_saved_in_the_cache_directory_never_in_the_package() -> None:
    """A file left in an installed package's directory makes it a namespace package after an
    editable reinstall (``pip install .`` then ``pip install -e .``): kmslint no longer imports."""
    from kmslint.cachedir import cache_root

    package = Path(grammar.__file__).resolve().parent
    before = set(package.glob(".lark-*.grammar"))  # a checkout may hold files of older versions
    grammar.parser.cache_clear()
    try:
        grammar.parser()
        saved = grammar._saved_path(grammar.grammar_text(grammar.grammar_path()).encode())
        root = cache_root()
        assert root is not None
        assert saved is not None and saved.parent == root / "parser"
        assert saved.is_file()
        assert set(package.glob(".lark-*.grammar")) == before
    finally:
        grammar.parser.cache_clear()
