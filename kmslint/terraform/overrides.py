"""Override files (``override.tf``, ``*_override.tf``) merged the way Terraform merges them.

Override files are applied after every other file, in lexical order. Each of their blocks
changes the block of the same type and labels in the other files: its arguments replace the
original ones, and its nested blocks replace every original nested block of the same type.
A ``locals`` block replaces the named locals wherever they were defined. A block that matches
nothing is reported (Terraform rejects it) and ignored.
"""

from __future__ import annotations

from kmslint.errors import Diagnostic
from kmslint.terraform import ast

MERGED_BY_LABELS = {"resource", "data", "module", "variable", "output", "provider"}


def is_override_file(name: str) -> bool:
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def _merge_body(original: ast.Body, override: ast.Body) -> ast.Body:
    replaced = {block.type for block in override.blocks}
    kept = tuple(block for block in original.blocks if block.type not in replaced)
    return ast.Body({**original.attributes, **override.attributes}, kept + override.blocks)


def _identity(block: ast.Block) -> tuple[str, ...]:
    if block.type == "provider":
        alias = block.body.attributes.get("alias")
        named = alias.expr.value if alias and isinstance(alias.expr, ast.Lit) else None
        if named is None and alias and isinstance(alias.expr, ast.Template):
            named = "".join(p for p in alias.expr.parts if isinstance(p, str))
        return (block.type, *block.labels, str(named))
    return (block.type, *block.labels)


class _Merger:
    def __init__(self, files: list[ast.ConfigFile]) -> None:
        self.files = files
        self.diagnostics: list[Diagnostic] = []

    def _replace(self, position: int, index: int, block: ast.Block) -> None:
        config = self.files[position]
        blocks = list(config.body.blocks)
        blocks[index] = block
        self.files[position] = config._replace(body=config.body._replace(blocks=tuple(blocks)))

    def _find(self, identity: tuple[str, ...]) -> tuple[int, int] | None:
        for position, config in enumerate(self.files):
            for index, block in enumerate(config.body.blocks):
                if _identity(block) == identity:
                    return position, index
        return None

    def block(self, block: ast.Block, where: str) -> None:
        if block.type == "locals":
            for name, attribute in block.body.attributes.items():
                self._local(name, attribute, where)
            return
        if block.type not in MERGED_BY_LABELS:
            return  # terraform {} settings do not change what kmslint evaluates
        found = self._find(_identity(block))
        if found is None:
            name = ".".join(block.labels)
            message = f"override of {block.type} {name}: there is no such block to override"
            self.diagnostics.append(Diagnostic(where, block.line, message, "warning"))
            return
        position, index = found
        original = self.files[position].body.blocks[index]
        merged = original._replace(body=_merge_body(original.body, block.body))
        self._replace(position, index, merged)

    def _local(self, name: str, attribute: ast.Attribute, where: str) -> None:
        for position, config in enumerate(self.files):
            for index, block in enumerate(config.body.blocks):
                if block.type == "locals" and name in block.body.attributes:
                    attributes = {**block.body.attributes, name: attribute}
                    body = block.body._replace(attributes=attributes)
                    self._replace(position, index, block._replace(body=body))
                    return
        message = f"override of local {name}: no local of that name to override"
        self.diagnostics.append(Diagnostic(where, attribute.line, message, "warning"))


def merge_overrides(
    primary: list[ast.ConfigFile], overrides: list[ast.ConfigFile]
) -> tuple[list[ast.ConfigFile], list[Diagnostic]]:
    merger = _Merger(list(primary))
    for config in sorted(overrides, key=lambda c: c.path):
        for block in config.body.blocks:
            merger.block(block, config.path)
    return merger.files, merger.diagnostics
