"""A small, picklable syntax tree for HCL: configuration bodies and expressions, with lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True, slots=True)
class Lit:
    value: Any
    line: int


@dataclass(frozen=True, slots=True)
class Interp:
    expr: Expr
    line: int


@dataclass(frozen=True, slots=True)
class IfDirective:
    cond: Expr
    then: tuple[TemplatePart, ...]
    otherwise: tuple[TemplatePart, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ForDirective:
    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]
    line: int


TemplatePart = Union[str, Interp, IfDirective, ForDirective]


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[TemplatePart, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Attr:
    obj: Expr
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Index:
    obj: Expr
    key: Expr
    line: int


@dataclass(frozen=True, slots=True)
class Splat:
    """``obj[*].a.b`` or ``obj.*.a``: each element of obj, then the traversal ``ops``."""

    obj: Expr
    ops: tuple[tuple[str, Any], ...]  # ("attr", name) | ("index", Expr)
    line: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand_last: bool
    line: int


@dataclass(frozen=True, slots=True)
class Conditional:
    cond: Expr
    then: Expr
    otherwise: Expr
    line: int


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Expr
    right: Expr
    line: int


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str
    operand: Expr
    line: int


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple[tuple[Expr, Expr], ...]
    line: int


@dataclass(frozen=True, slots=True)
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # set for object results ``{for ... : k => v}``
    value_expr: Expr
    cond: Expr | None
    grouping: bool
    line: int


Expr = Union[
    Lit, Template, Var, Attr, Index, Splat, Call, Conditional, BinaryOp, UnaryOp, TupleExpr, ObjectExpr, ForExpr
]


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Body:
    attributes: dict[str, Attribute]
    blocks: tuple[Block, ...]

    def blocks_of(self, block_type: str) -> list[Block]:
        return [block for block in self.blocks if block.type == block_type]


@dataclass(frozen=True, slots=True)
class ConfigFile:
    path: str
    body: Body
    text_lines: int


AST_CLASSES = (
    Lit, Interp, IfDirective, ForDirective, Template, Var, Attr, Index, Splat, Call, Conditional,
    BinaryOp, UnaryOp, TupleExpr, ObjectExpr, ForExpr, Attribute, Block, Body, ConfigFile,
)
