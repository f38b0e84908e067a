"""kmslint walks python-hcl2's lark tree by grammar rule names: a grammar change must fail here.

pyproject pins ``python-hcl2>=8.1,<9``. If this test fails after an upgrade, check that every
rule kmslint converts still has its meaning (tests/terraform run the evaluator on real HCL),
then update ``GRAMMAR_SHA256``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import hcl2

from kmslint.terraform.parse import _RULES

GRAMMAR = Path(hcl2.__file__).parent / "hcl2.lark"
# The hcl2.lark of python-hcl2 8.1.x, the grammar kmslint's converter was written against.
GRAMMAR_SHA256 = "856e0a0a416400a68630c3a7bb2af92592394c992eb0e728f3b930c27a73aa78"
# Tree names the converter compares ``tree.data`` with, besides its rule_* methods.
COMPARED = (
    "arguments", "attribute", "block", "expr_term", "for_cond", "get_attr", "identifier",
    "index", "interpolation", "keyword", "new_line_or_comment", "short_index", "string",
    "template_else", "template_endfor", "template_endif", "template_for_start",
    "template_if_start",
)  # fmt: skip


def _tree_names(grammar: str) -> set[str]:
    rules = re.findall(r"^[?!]?([a-z_][a-z0-9_]*)\s*(?:\.\d+)?\s*:", grammar, re.M)
    aliases = re.findall(r"->\s*([a-z_][a-z0-9_]*)", grammar)
    return {*rules, *aliases}


def test_every_rule_kmslint_converts_is_in_the_grammar() -> None:
    names = _tree_names(GRAMMAR.read_text(encoding="utf-8"))
    assert len(names) > 40  # the pattern still reads the grammar
    assert sorted(set(_RULES) - names) == []
    assert sorted(set(COMPARED) - names) == []


def test_the_grammar_is_the_one_kmslint_was_checked_against() -> None:
    digest = hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()
    assert digest == GRAMMAR_SHA256, (
        f"python-hcl2's grammar changed ({GRAMMAR}): review kmslint/terraform/parse.py, "
        "then update GRAMMAR_SHA256"
    )


def test_the_pin_keeps_a_grammar_major_version_out() -> None:
    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"python-hcl2>=8.1,<9"' in text and '"lark>=1.1,<2"' in text
