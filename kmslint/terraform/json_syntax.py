"""Terraform's JSON configuration syntax (``*.tf.json``) as the same :mod:`ast` as HCL, with lines.

Block types nest their labels as object keys (``resource`` -> type -> name -> body). In a body,
a string is a template (``"${var.n}"``), arrays and objects are values; an object (or array of
objects) is also offered as nested blocks of that name, since without the provider's schema a
``data_disks`` object may be either. ``"//"`` keys are comments.
"""

from __future__ import annotations

import bisect
import json
import re
from decimal import Decimal
from typing import Any, cast

from kmslint.errors import InputError
from kmslint.terraform import ast

LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}
BODY_ONLY = {"terraform", "locals", "moved", "import", "check", "removed"}
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
MAX_DEPTH = 200


class _Node:
    """A JSON value with the line where it starts and the line where it ends."""

    __slots__ = ("end_line", "line", "value")

    def __init__(self, value: Any, line: int, end_line: int) -> None:
        self.value, self.line, self.end_line = value, line, end_line


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.decoder = json.JSONDecoder()

    def line(self, position: int) -> int:
        return bisect.bisect_right(self.newlines, position - 1) + 1

    def fail(self, position: int, message: str) -> InputError:
        return InputError(self.path, self.line(position), f"invalid JSON configuration: {message}")

    def skip(self, position: int) -> int:
        while position < len(self.text) and self.text[position] in " \t\r\n":
            position += 1
        return position

    def value(self, position: int, depth: int = 0) -> tuple[_Node, int]:
        if depth > MAX_DEPTH:
            raise self.fail(position, "nested too deeply")
        position = self.skip(position)
        char = self.text[position : position + 1]
        if char == "{":
            return self._object(position, depth)
        if char == "[":
            return self._array(position, depth)
        number = _NUMBER.match(self.text, position)
        if number and char not in '"tfn':
            text = number.group(0)
            parsed: Any = int(text) if re.fullmatch(r"-?\d+", text) else Decimal(text)
            line = self.line(position)
            return _Node(parsed, line, line), number.end()
        try:
            parsed, end = self.decoder.raw_decode(self.text, position)
        except ValueError:
            raise self.fail(position, "expected a value") from None
        line = self.line(position)
        return _Node(parsed, line, line), end

    def _object(self, start: int, depth: int) -> tuple[_Node, int]:
        items: list[tuple[str, _Node, int]] = []
        position = self.skip(start + 1)
        while self.text[position : position + 1] != "}":
            key, position = self.value(position, depth + 1)
            if not isinstance(key.value, str):
                raise self.fail(position, "object keys must be strings")
            position = self.skip(position)
            if self.text[position : position + 1] != ":":
                raise self.fail(position, "expected ':'")
            item, position = self.value(position + 1, depth + 1)
            items.append((key.value, item, key.line))
            position = self.skip(position)
            if self.text[position : position + 1] == ",":
                position = self.skip(position + 1)
            elif self.text[position : position + 1] != "}":
                raise self.fail(position, "expected ',' or '}'")
        return _Node(items, self.line(start), self.line(position)), position + 1

    def _array(self, start: int, depth: int) -> tuple[_Node, int]:
        items: list[_Node] = []
        position = self.skip(start + 1)
        while self.text[position : position + 1] != "]":
            item, position = self.value(position, depth + 1)
            items.append(item)
            position = self.skip(position)
            if self.text[position : position + 1] == ",":
                position = self.skip(position + 1)
            elif self.text[position : position + 1] != "]":
                raise self.fail(position, "expected ',' or ']'")
        return _Node(items, self.line(start), self.line(position)), position + 1


def _template(text: str, line: int) -> ast.Expr:
    if "${" not in text and "%{" not in text:
        return ast.Template((text,), line)
    from kmslint.terraform.parse import parse_expression

    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    try:
        expr = parse_expression(quoted)
    except InputError as exc:
        raise InputError("", line, exc.diagnostic.message) from None
    return cast(ast.Expr, _relined(expr, line))


def _relined(expr: Any, line: int) -> Any:
    """Every node of an expression parsed from a JSON string, at that string's line."""
    if isinstance(expr, tuple) and hasattr(expr, "_replace"):
        node: Any = expr  # a syntax-tree named tuple
        fields = {
            name: _relined(getattr(node, name), line) for name in node._fields if name != "line"
        }
        if "line" in node._fields:
            fields["line"] = line
        return node._replace(**fields)
    if isinstance(expr, tuple):
        return tuple(_relined(item, line) for item in expr)
    return expr


def _expression(node: _Node) -> ast.Expr:
    value = node.value
    if isinstance(value, str):
        return _template(value, node.line)
    if isinstance(value, list) and (not value or not isinstance(value[0], tuple)):
        return ast.TupleExpr(tuple(_expression(item) for item in value), node.line)
    if isinstance(value, list):  # an object: (key, node, line) items
        items = tuple(
            (ast.Lit(key, line), _expression(item)) for key, item, line in value if key != "//"
        )
        return ast.ObjectExpr(items, node.line)
    return ast.Lit(value, node.line)


def _is_object(node: _Node) -> bool:
    value = node.value
    return isinstance(value, list) and bool(value) and isinstance(value[0], tuple)


def _body(node: _Node) -> ast.Body:
    attributes: dict[str, ast.Attribute] = {}
    blocks: list[ast.Block] = []
    if not _is_object(node) and node.value != []:
        raise InputError(
            "", node.line, "invalid JSON configuration: a block body must be an object"
        )
    for key, item, line in node.value:
        if key == "//":
            continue
        attributes[key] = ast.Attribute(key, _expression(item), line)
        objects = [item] if _is_object(item) else []
        if (
            isinstance(item.value, list)
            and item.value
            and all(isinstance(v, _Node) and _is_object(v) for v in item.value)
        ):
            objects = list(item.value)
        blocks += [ast.Block(key, (), _body(o), o.line, o.end_line) for o in objects]
    return ast.Body(attributes, tuple(blocks))


def _labelled(
    block_type: str, node: _Node, depth: int, labels: tuple[str, ...], line: int
) -> list[ast.Block]:
    if depth == 0:
        bodies = node.value if isinstance(node.value, list) and not _is_object(node) else [node]
        return [ast.Block(block_type, labels, _body(b), line, b.end_line) for b in bodies]
    if not _is_object(node):
        raise InputError("", node.line, f"invalid JSON configuration: {block_type} needs labels")
    blocks: list[ast.Block] = []
    for key, item, key_line in node.value:
        if key != "//":
            blocks += _labelled(block_type, item, depth - 1, (*labels, key), key_line)
    return blocks


def parse_json_config(text: str, path: str) -> ast.ConfigFile:
    """Parse one ``.tf.json`` file; problems become ``InputError`` with the line."""
    reader = _Reader(text, path)
    try:
        root, end = reader.value(0)
        if reader.skip(end) != len(text):
            raise reader.fail(end, "extra data after the top-level object")
        if not _is_object(root) and root.value != []:
            raise reader.fail(0, "the top level must be an object")
        blocks: list[ast.Block] = []
        for key, item, line in root.value:
            if key == "//":
                continue
            depth = LABELS.get(key, 0 if key in BODY_ONLY else -1)
            if depth >= 0:
                blocks += _labelled(key, item, depth, (), line)
    except InputError as exc:
        raise InputError(path, exc.diagnostic.line, exc.diagnostic.message) from None
    except IndexError:
        raise InputError(path, reader.line(len(text)), "invalid JSON: unexpected end") from None
    return ast.ConfigFile(path, ast.Body({}, tuple(blocks)), text.count("\n") + 1)
