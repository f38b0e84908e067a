"""The built LALR parser as plain data, and a parser made from that data directly.

Lark's own saved form (``Lark.save``) is read back by a generic deserialiser that walks a dict per
object and looks every one of the ~26,000 reduce actions of the table up through it: 40 ms of
every cold run, more than parsing the files that changed. This form holds only what parsing
needs — the terminals, the rules, the action table with a reduce coded as ``~rule`` — in lists,
tuples, dicts, strings and numbers (the caller reads it with an unpickler that refuses every
class), and ``parsing_frontend`` builds from it the same objects ``Lark._load`` builds: the rules,
the tree-building callbacks, the action table, the contextual lexer.
"""

from __future__ import annotations

from typing import Any

FORMAT = 2  # 2: this form (1 was Lark.save's)


def _name(value: Any) -> str:
    """A grammar name as a plain ``str`` (Lark sometimes keeps a ``Token``, which is a class)."""
    return str.__str__(value)


def _terminal(terminal: Any) -> tuple[Any, ...]:
    pattern = terminal.pattern
    width = list(pattern._get_width()) if pattern.type == "re" else None
    raw = None if pattern.raw is None else _name(pattern.raw)
    flags = sorted(_name(flag) for flag in pattern.flags)
    return (
        _name(terminal.name),
        pattern.type,
        _name(pattern.value),
        flags,
        raw,
        width,
        terminal.priority,
    )


def _rule(rule: Any) -> tuple[Any, ...]:
    options = rule.options
    expansion = [
        (_name(s.name), s.is_term, bool(getattr(s, "filter_out", False))) for s in rule.expansion
    ]
    alias = None if rule.alias is None else _name(rule.alias)
    source = None if options.template_source is None else _name(options.template_source)
    flags = (
        options.keep_all_tokens,
        options.expand1,
        options.priority,
        source,
        list(options.empty_indices),
    )
    return (_name(rule.origin.name), expansion, rule.order, alias, flags)


def plain_data(built: Any) -> dict[str, Any]:
    """What ``parsing_frontend`` needs of a built ``Lark`` (LALR, contextual lexer)."""
    from lark.parsers.lalr_analysis import Reduce

    frontend = built.parser
    table = frontend.parser._parse_table
    rules = list(frontend.parser_conf.rules)
    index = {id(rule): number for number, rule in enumerate(rules)}
    states = {
        state: {
            _name(token): ~index[id(argument)] if action is Reduce else int(argument)
            for token, (action, argument) in actions.items()
        }
        for state, actions in table.states.items()
    }
    return {
        "format": FORMAT,
        "terminals": [_terminal(t) for t in frontend.lexer_conf.terminals],
        "ignore": [_name(name) for name in frontend.lexer_conf.ignore],
        "regex_flags": int(frontend.lexer_conf.g_regex_flags),
        "rules": [_rule(rule) for rule in rules],
        "start": [_name(name) for name in frontend.parser_conf.start],
        "placeholders": bool(built.options.maybe_placeholders),
        "states": states,
        "start_states": {_name(k): int(v) for k, v in table.start_states.items()},
        "end_states": {_name(k): int(v) for k, v in table.end_states.items()},
    }


def _terminals(data: dict[str, Any]) -> list[Any]:
    from lark.lexer import PatternRE, PatternStr, TerminalDef

    terminals = []
    for name, kind, value, flags, raw, width, priority in data["terminals"]:
        if kind == "re":
            pattern: Any = PatternRE(value, flags, raw)
            pattern._width = tuple(width)
        elif kind == "str":
            pattern = PatternStr(value, flags, raw)
        else:
            raise ValueError(f"unknown pattern type {kind!r}")
        terminals.append(TerminalDef(name, pattern, priority))
    return terminals


def _rules(data: dict[str, Any]) -> list[Any]:
    from lark.grammar import NonTerminal, Rule, RuleOptions, Terminal

    symbols: dict[tuple[str, bool, bool], Any] = {}

    def symbol(name: str, is_term: bool, filter_out: bool) -> Any:
        key = (name, is_term, filter_out)
        if key not in symbols:
            symbols[key] = Terminal(name, filter_out) if is_term else NonTerminal(name)
        return symbols[key]

    rules = []
    for origin, expansion, order, alias, (keep, expand1, priority, source, empty) in data["rules"]:
        options = RuleOptions(keep, expand1, priority, source, tuple(empty))
        symbols_of = [symbol(*item) for item in expansion]
        rules.append(Rule(symbol(origin, False, False), symbols_of, order, alias, options))
    return rules


def _table(data: dict[str, Any], rules: list[Any]) -> Any:
    from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift

    shifts = [(Shift, state) for state in range(len(data["states"]))]
    reduces = [(Reduce, rule) for rule in rules]
    states = {
        state: {
            token: reduces[~code] if code < 0 else shifts[code] for token, code in actions.items()
        }
        for state, actions in data["states"].items()
    }
    table_class: Any = IntParseTable  # lark's table classes carry no annotations
    return table_class(states, data["start_states"], data["end_states"])


def parsing_frontend(data: dict[str, Any], postlex: Any) -> Any:
    """The parser ``Lark._load`` would make of the same grammar (``.parse(text)`` -> tree)."""
    import re

    from lark import Tree, parse_tree_builder
    from lark.common import LexerConf, ParserConf
    from lark.parser_frontends import ParsingFrontend
    from lark.parsers.lalr_parser import LALR_Parser, _Parser

    if data.get("format") != FORMAT:
        raise ValueError("not a saved parser of this format")
    rules = _rules(data)
    builder: Any = parse_tree_builder.ParseTreeBuilder  # unannotated in lark
    callbacks = builder(rules, Tree, False, False, data["placeholders"]).create_callback(None)
    lexer_conf = LexerConf(
        _terminals(data),
        re,
        data["ignore"],
        postlex,
        {},
        data["regex_flags"],
        skip_validation=True,
    )
    lexer_conf.lexer_type = "contextual"
    parser_conf = ParserConf(rules, callbacks, data["start"])
    parser_conf.parser_type = "lalr"
    lalr = LALR_Parser.__new__(LALR_Parser)
    lalr._parse_table = _table(data, rules)
    lalr.parser = _Parser(lalr._parse_table, callbacks, False)
    return ParsingFrontend(lexer_conf, parser_conf, None, parser=lalr)
