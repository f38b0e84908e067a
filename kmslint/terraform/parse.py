"""Parse HCL text with python-hcl2's grammar (kmslint's own parser of it, in ``grammar``) and
convert its parse tree to :mod:`ast` nodes.

python-hcl2's dict output drops line numbers and turns expressions back into strings; the raw
Lark tree keeps both the structure and the positions, so kmslint converts that tree itself.
"""

from __future__ import annotations

import re
from typing import Any

from kmslint.errors import InputError
from kmslint.terraform import ast
from kmslint.terraform.grammar import (
    first_line,
    hcl2_module,
    import_lark,
    last_line,
    parse_tree,
)
from kmslint.terraform.template_text import flush, joined, lines, quote_heredoc, strip_whitespace

_BINARY_OPS = {"||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"}
_HEREDOC = re.compile(
    r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n(.*?)^[ \t]*\2[ \t]*\r?\n?\Z", re.S | re.M
)


def parse_hcl(text: str, path: str) -> ast.ConfigFile:
    """Parse one HCL file; syntax errors become ``InputError`` with the offending line."""
    import_lark()
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        tree = parse_tree(text)
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        line = getattr(token, "line", None) or getattr(exc, "line", None)
        raise InputError(
            path, line if isinstance(line, int) and line > 0 else None, _syntax_message(exc)
        ) from None
    except (LarkError, RecursionError, ValueError) as exc:
        raise InputError(path, None, f"cannot parse HCL: {type(exc).__name__}") from None
    try:
        body = _Converter().body(tree.children[0])
    except RecursionError:
        raise InputError(path, None, "HCL is nested too deeply") from None
    except ValueError as exc:  # a construct the converter cannot read (a bad heredoc sequence)
        raise InputError(path, None, f"cannot parse HCL: {exc}") from None
    return ast.ConfigFile(path=path, body=body, text_lines=text.count("\n") + 1)


def parse_expression(text: str, path: str = "<expression>") -> ast.Expr:
    """Parse a standalone HCL expression (used for ``--var`` values and tfvars)."""
    config = parse_hcl(f"__value__ = {text}\n", path)
    return config.body.attributes["__value__"].expr


def _syntax_message(exc: Any) -> str:
    token = getattr(exc, "token", None)
    if token is not None and str(token).strip():
        shown = str(token).strip().splitlines()[0][:40]
        return f"HCL syntax error: unexpected {shown!r}"
    return "HCL syntax error: unexpected end of input" if token is not None else "HCL syntax error"


def _is_tree(node: Any) -> bool:
    """A Lark tree, not a token: a tree's children are trees, tokens (str subclasses) or None."""
    return node is not None and not isinstance(node, str)


def _trees(node: Any) -> list[Any]:
    return [
        child for child in node.children if _is_tree(child) and child.data != "new_line_or_comment"
    ]


_line = first_line


def _end_line(node: Any) -> int:
    return last_line(node) or first_line(node)


class _Converter:
    """Lark tree -> ast nodes. One method per grammar rule that matters."""

    def body(self, tree: Any) -> ast.Body:
        attributes: dict[str, ast.Attribute] = {}
        blocks: list[ast.Block] = []
        for child in _trees(tree):
            if child.data == "attribute":
                parts = _trees(child)
                name = self.name(parts[0])
                attributes[name] = ast.Attribute(name, self.expr(parts[-1]), _line(child))
            elif child.data == "block":
                blocks.append(self.block(child))
        return ast.Body(attributes, tuple(blocks))

    def block(self, tree: Any) -> ast.Block:
        parts = _trees(tree)
        body = parts[-1]
        labels = [self.name(p) if p.data != "string" else self.plain_string(p) for p in parts[:-1]]
        return ast.Block(
            labels[0], tuple(labels[1:]), self.body(body), _line(tree), _end_line(tree)
        )

    @staticmethod
    def name(tree: Any) -> str:
        return str(tree.children[0])

    def plain_string(self, tree: Any) -> str:
        template = self.string(tree)
        return "".join(part for part in template.parts if isinstance(part, str))

    def expr(self, tree: Any) -> ast.Expr:
        method = _RULES.get(tree.data)
        if method is None:
            raise ValueError(f"unsupported HCL construct {tree.data}")
        return method(self, tree)  # type: ignore[no-any-return]

    def rule_expr_term(self, tree: Any) -> ast.Expr:
        return self.expr(_trees(tree)[0])

    def rule_int_lit(self, tree: Any) -> ast.Expr:
        return ast.Lit(int(str(tree.children[0])), _line(tree))

    def rule_float_lit(self, tree: Any) -> ast.Expr:
        from decimal import Decimal

        return ast.Lit(Decimal(str(tree.children[0])), _line(tree))

    def rule_literal_value(self, tree: Any) -> ast.Expr:
        return ast.Lit(
            {"true": True, "false": False, "null": None}[str(tree.children[0])], _line(tree)
        )

    def rule_identifier(self, tree: Any) -> ast.Expr:
        return ast.Var(str(tree.children[0]), _line(tree))

    rule_keyword = rule_identifier

    def rule_string(self, tree: Any) -> ast.Expr:
        return self.string(tree)

    def string(self, tree: Any, heredoc_flush: bool | None = None) -> ast.Template:
        """A quoted template; for a heredoc (``heredoc_flush`` set) literals are split into
        lines first, as Terraform scans them, so strip markers and ``<<-`` act per line."""
        flat = self._flat(tree)
        if heredoc_flush is not None:
            flat = [piece for item in flat for piece in lines(item)]
        flat = strip_whitespace(flat)
        if heredoc_flush:
            flat = flush(flat)
        return ast.Template(self.template_parts(joined(flat)), _line(tree))

    def _flat(self, tree: Any) -> list[Any]:
        process_escape_sequences = hcl2_module("utils").process_escape_sequences
        flat: list[Any] = []
        for part in _trees(tree):
            inner = part.children[0]
            if not _is_tree(inner):
                text = str(inner)
                if text.startswith("$${") or text.startswith("%%{"):
                    flat.append(text[1:])
                else:
                    flat.append(process_escape_sequences(text))
            else:
                flat.append(inner)
        return flat

    def template_parts(self, flat: list[Any]) -> tuple[ast.TemplatePart, ...]:
        parts, _rest = self._parts_until(flat, set())
        return tuple(parts)

    def _parts_until(
        self, flat: list[Any], stop: set[str]
    ) -> tuple[list[ast.TemplatePart], list[Any]]:
        parts: list[ast.TemplatePart] = []
        while flat:
            item = flat[0]
            if isinstance(item, str):
                parts.append(item)
                flat = flat[1:]
                continue
            if item.data in stop:
                return parts, flat
            flat = flat[1:]
            if item.data == "interpolation":
                parts.append(ast.Interp(self.expr(_trees(item)[0]), _line(item)))
            elif item.data == "template_if_start":
                then, flat = self._parts_until(flat, {"template_else", "template_endif"})
                otherwise: list[ast.TemplatePart] = []
                if flat and flat[0].data == "template_else":
                    otherwise, flat = self._parts_until(flat[1:], {"template_endif"})
                flat = flat[1:]
                parts.append(
                    ast.IfDirective(
                        self.expr(_trees(item)[0]), tuple(then), tuple(otherwise), _line(item)
                    )
                )
            elif item.data == "template_for_start":
                names = [self.name(t) for t in _trees(item) if t.data == "identifier"]
                body, flat = self._parts_until(flat, {"template_endfor"})
                flat = flat[1:]
                key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
                parts.append(
                    ast.ForDirective(
                        key_var, value_var, self.expr(_trees(item)[-1]), tuple(body), _line(item)
                    )
                )
            else:
                raise ValueError(f"unexpected template directive {item.data}")
        return parts, flat

    def rule_template_string(self, tree: Any) -> ast.Expr:
        return ast.Lit(str(tree.children[0])[2:-2], _line(tree))

    def rule_heredoc_template(self, tree: Any) -> ast.Expr:
        return self._heredoc(tree)

    rule_heredoc_template_trim = rule_heredoc_template

    def _heredoc(self, tree: Any) -> ast.Expr:
        raw = str(tree.children[0])
        match = _HEREDOC.match(raw)
        body = match.group(3) if match else ""
        is_flush = bool(match and match.group(1))
        if "${" not in body and "%{" not in body:
            return ast.Lit("".join(flush(lines(body))) if is_flush else body, _line(tree))
        from lark.exceptions import LarkError

        try:
            inner = parse_tree(f"x = {quote_heredoc(body)}\n")
        except LarkError:
            raise ValueError("a template sequence in the heredoc is not valid") from None
        string_tree = _trees(_trees(_trees(inner.children[0])[0])[-1])[0]
        if string_tree.data != "string":
            return ast.Lit(body, _line(tree))
        return self.string(string_tree, heredoc_flush=is_flush)._replace(line=_line(tree))

    def rule_tuple(self, tree: Any) -> ast.Expr:
        return ast.TupleExpr(tuple(self.expr(t) for t in _trees(tree)), _line(tree))

    def rule_object(self, tree: Any) -> ast.Expr:
        items = []
        for elem in _trees(tree):
            key_node, value_node = _trees(elem)[0], _trees(elem)[-1]
            items.append((self.object_key(key_node), self.expr(value_node)))
        return ast.ObjectExpr(tuple(items), _line(tree))

    def object_key(self, tree: Any) -> ast.Expr:
        inner = _trees(tree)[0]
        if inner.data == "keyword":
            return ast.Lit(str(inner.children[0]), _line(inner))
        term = _trees(inner)[0] if inner.data == "expr_term" and _trees(inner) else None
        if term is not None and term.data == "identifier":
            return ast.Lit(str(term.children[0]), _line(term))
        return self.expr(inner)

    def rule_function_call(self, tree: Any) -> ast.Expr:
        names = [self.name(t) for t in _trees(tree) if t.data == "identifier"]
        args_nodes = [t for t in _trees(tree) if t.data == "arguments"]
        args: tuple[ast.Expr, ...] = ()
        expand = False
        if args_nodes:
            args = tuple(self.expr(t) for t in _trees(args_nodes[0]))
            expand = any(not _is_tree(c) and str(c) == "..." for c in args_nodes[0].children)
        return ast.Call("::".join(names), args, expand, _line(tree))

    def rule_index_expr_term(self, tree: Any) -> ast.Expr:
        obj_node, index_node = _trees(tree)
        return self._traverse(self.expr(obj_node), index_node)

    rule_get_attr_expr_term = rule_index_expr_term

    def _traverse(self, obj: ast.Expr, node: Any) -> ast.Expr:
        if node.data == "get_attr":
            return ast.Attr(obj, self.name(_trees(node)[0]), _line(node))
        if node.data == "short_index":
            return ast.Index(obj, ast.Lit(int(str(node.children[-1])), _line(node)), _line(node))
        return ast.Index(obj, self.expr(_trees(node)[0]), _line(node))

    def _splat(self, tree: Any) -> ast.Expr:
        obj_node, splat_node = _trees(tree)
        ops: list[tuple[str, Any]] = []
        for op in _trees(splat_node):
            if op.data == "get_attr":
                ops.append(("attr", self.name(_trees(op)[0])))
            elif op.data == "short_index":
                ops.append(("index", ast.Lit(int(str(op.children[-1])), _line(op))))
            else:
                ops.append(("index", self.expr(_trees(op)[0])))
        return ast.Splat(self.expr(obj_node), tuple(ops), _line(tree))

    rule_attr_splat_expr_term = _splat
    rule_full_splat_expr_term = _splat

    def rule_conditional(self, tree: Any) -> ast.Expr:
        cond, then, otherwise = (self.expr(t) for t in _trees(tree))
        return ast.Conditional(cond, then, otherwise, _line(tree))

    def rule_binary_op(self, tree: Any) -> ast.Expr:
        left_node, term = _trees(tree)[:2]
        operator_node, right_node = _trees(term)
        op = str(operator_node.children[0])
        if op not in _BINARY_OPS:
            raise ValueError(f"unknown operator {op}")
        return ast.BinaryOp(op, self.expr(left_node), self.expr(right_node), _line(tree))

    def rule_unary_op(self, tree: Any) -> ast.Expr:
        op = str(tree.children[0])
        return ast.UnaryOp(op, self.expr(_trees(tree)[0]), _line(tree))

    def rule_for_tuple_expr(self, tree: Any) -> ast.Expr:
        return self._for(tree, is_object=False)

    def rule_for_object_expr(self, tree: Any) -> ast.Expr:
        return self._for(tree, is_object=True)

    def _for(self, tree: Any, is_object: bool) -> ast.Expr:
        intro, *rest = _trees(tree)
        intro_parts = _trees(intro)
        names = [self.name(t) for t in intro_parts if t.data == "identifier"]
        collection = self.expr(intro_parts[-1])
        cond = None
        if rest and rest[-1].data == "for_cond":
            cond = self.expr(_trees(rest.pop())[0])
        key_expr = self.expr(rest[0]) if is_object else None
        value_expr = self.expr(rest[-1])
        grouping = any(not _is_tree(c) and str(c) == "..." for c in tree.children)
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return ast.ForExpr(
            key_var, value_var, collection, key_expr, value_expr, cond, grouping, _line(tree)
        )


# One method per grammar rule, looked up by the rule's name.
_RULES: dict[str, Any] = {
    name[len("rule_") :]: method
    for name, method in vars(_Converter).items()
    if name.startswith("rule_")
}
