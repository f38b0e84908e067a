"""The parser made from the saved plain data parses exactly as the Lark it was saved from, and a
parse imports neither python-hcl2's package nor reads a file of the older saved form."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kmslint.terraform import grammar, saved_parser
from tests.terraform.test_grammar import EDGE_CASES, _sources

BAD = ["x = ", 'x = "unterminated', "x = [1,\n", "block {\n", "a = 1 +", "= 3", "x = 1 2", "%"]


@pytest.fixture(scope="module")
def pair() -> tuple[Any, Any]:
    path = grammar.grammar_path()
    built = grammar.build(path, grammar.grammar_text(path))
    raw = pickle.dumps(saved_parser.plain_data(built), protocol=pickle.HIGHEST_PROTOCOL)
    data = grammar._PlainUnpickler(io.BytesIO(raw)).load()  # plain data: no class is needed
    return built, saved_parser.parsing_frontend(data, grammar._postlexer())


def _tokens(tree: Any) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            found.append((str(node), node.type, node.line, node.end_line, node.column))
        elif node is not None:
            pending.extend(reversed(node.children))
    return found


def test_the_same_trees_and_tokens_as_the_built_lark(pair: tuple[Any, Any], tmp_path: Path) -> None:
    built, loaded = pair
    texts = _sources(tmp_path)
    assert len(texts) > 50
    for text in texts:
        try:
            expected = built.parse(text + "\n")
        except Exception as exc:  # the loaded parser must fail the same way
            with pytest.raises(type(exc)):
                loaded.parse(text + "\n")
            continue
        got = loaded.parse(text + "\n")
        assert got == expected
        assert _tokens(got) == _tokens(expected)


@pytest.mark.parametrize("text", BAD)
def test_the_same_syntax_errors(pair: tuple[Any, Any], text: str) -> None:
    built, loaded = pair
    with pytest.raises(Exception) as expected:
        built.parse(text + "\n")
    with pytest.raises(type(expected.value)) as got:
        loaded.parse(text + "\n")
    assert str(got.value) == str(expected.value)


def test_a_saved_file_of_another_form_is_not_used(pair: tuple[Any, Any]) -> None:
    built, _loaded = pair
    lark_form = io.BytesIO()
    built.save(lark_form, exclude_options=("postlex",))
    data = grammar._PlainUnpickler(io.BytesIO(lark_form.getvalue())).load()
    with pytest.raises(ValueError, match="not a saved parser of this format"):
        saved_parser.parsing_frontend(data, grammar._postlexer())
    broken = {**saved_parser.plain_data(built), "terminals": [("X", "bad", "", [], None, None, 0)]}
    with pytest.raises(ValueError, match="unknown pattern type"):
        saved_parser.parsing_frontend(broken, grammar._postlexer())


def test_a_parse_imports_neither_python_hcl2s_package_nor_regex() -> None:
    code = (
        "import sys\n"
        "from kmslint.terraform.parse import parse_hcl\n"
        "config = parse_hcl('a = \"\\\\n${x}\"\\n', 'a.tf')\n"
        "print(config.body.attributes['a'].expr.parts[0] == '\\n', 'hcl2' in sys.modules)\n"
        "print('lark' in sys.modules, 'regex' in sys.modules)\n"
        "import regex, hcl2\n"  # both import as usual afterwards, and hcl2 parses
        "print(regex.match('a', 'a') is not None, hcl2.loads('b = 1\\n')['b'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "True", "False", "True", "1"]


def test_edge_cases_parse_with_the_loaded_parser(pair: tuple[Any, Any]) -> None:
    _built, loaded = pair
    assert loaded.parse(EDGE_CASES + "\n").data == "start"


def _terminal(t: Any) -> tuple[Any, ...]:
    return (t.name, t.pattern, t.pattern.raw, t.priority, t.pattern.min_width, t.pattern.max_width)


def _rule(r: Any) -> tuple[Any, ...]:
    options = r.options
    flags = (options.keep_all_tokens, options.expand1, options.priority, options.empty_indices)
    return (r.origin, tuple(r.expansion), r.order, r.alias, flags, options.template_source)


def test_the_same_terminals_rules_and_table(pair: tuple[Any, Any]) -> None:
    built, loaded = pair
    expected, got = built.parser, loaded
    assert [_terminal(t) for t in got.lexer_conf.terminals] == [
        _terminal(t) for t in expected.lexer_conf.terminals
    ]
    assert list(got.lexer_conf.ignore) == list(expected.lexer_conf.ignore)
    assert [_rule(r) for r in got.parser_conf.rules] == [
        _rule(r) for r in expected.parser_conf.rules
    ]
    want, have = expected.parser._parse_table, got.parser._parse_table
    assert have.states == want.states  # Rule equality: same origin and expansion
    assert (have.start_states, have.end_states) == (want.start_states, want.end_states)
