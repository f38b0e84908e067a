"""A small, picklable syntax tree for HCL: configuration bodies and expressions, with lines.

Nodes are named tuples: cheap to create, to import and to unpickle from the parse cache.
``Expr`` is a Protocol that every expression node satisfies, not a union of the node classes: code
narrows it with ``isinstance``, and a 13-way union of named tuples made mypy run without end.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol


class Lit(NamedTuple):
    value: Any
    line: int


class Interp(NamedTuple):
    expr: Expr
    line: int


class IfDirective(NamedTuple):
    cond: Expr
    then: tuple[TemplatePart, ...]
    otherwise: tuple[TemplatePart, ...]
    line: int


class ForDirective(NamedTuple):
    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]
    line: int


TemplatePart = str | Interp | IfDirective | ForDirective


class Template(NamedTuple):
    parts: tuple[TemplatePart, ...]
    line: int


class Var(NamedTuple):
    name: str
    line: int


class Attr(NamedTuple):
    obj: Expr
    name: str
    line: int


class Index(NamedTuple):
    obj: Expr
    key: Expr
    line: int


class Splat(NamedTuple):
    """``obj[*].a.b`` or ``obj.*.a``: each element of obj, then the traversal ``ops``."""

    obj: Expr
    ops: tuple[tuple[str, Any], ...]  # ("attr", name) | ("index", Expr)
    line: int


class Call(NamedTuple):
    name: str
    args: tuple[Expr, ...]
    expand_last: bool
    line: int


class Conditional(NamedTuple):
    cond: Expr
    then: Expr
    otherwise: Expr
    line: int


class BinaryOp(NamedTuple):
    op: str
    left: Expr
    right: Expr
    line: int


class UnaryOp(NamedTuple):
    op: str
    operand: Expr
    line: int


class TupleExpr(NamedTuple):
    items: tuple[Expr, ...]
    line: int


class ObjectExpr(NamedTuple):
    items: tuple[tuple[Expr, Expr], ...]
    line: int


class ForExpr(NamedTuple):
    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # set for object results ``{for ... : k => v}``
    value_expr: Expr
    cond: Expr | None
    grouping: bool
    line: int


class Expr(Protocol):
    """Any expression node (``Lit`` to ``ForExpr`` below); each knows the line it starts on."""

    @property
    def line(self) -> int: ...


EXPR_CLASSES = (
    Lit,
    Template,
    Var,
    Attr,
    Index,
    Splat,
    Call,
    Conditional,
    BinaryOp,
    UnaryOp,
    TupleExpr,
    ObjectExpr,
    ForExpr,
)


class Attribute(NamedTuple):
    name: str
    expr: Expr
    line: int


class Block(NamedTuple):
    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int


class Body(NamedTuple):
    attributes: dict[str, Attribute]
    blocks: tuple[Block, ...]

    def blocks_of(self, block_type: str) -> list[Block]:
        return [block for block in self.blocks if block.type == block_type]


class ConfigFile(NamedTuple):
    path: str
    body: Body
    text_lines: int


AST_CLASSES = (
    Lit,
    Interp,
    IfDirective,
    ForDirective,
    Template,
    Var,
    Attr,
    Index,
    Splat,
    Call,
    Conditional,
    BinaryOp,
    UnaryOp,
    TupleExpr,
    ObjectExpr,
    ForExpr,
    Attribute,
    Block,
    Body,
    ConfigFile,
)
