"""A Terraform module directory: its ``.tf`` files parsed and indexed by block kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kmslint.errors import Diagnostic, InputError
from kmslint.terraform import ast

if TYPE_CHECKING:
    from kmslint.terraform.cache import Parser
    from kmslint.terraform.workspace import Workspace

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Located:
    """A block or attribute together with the file it was written in."""

    file: str
    line: int


@dataclass
class ResourceConfig:
    mode: str  # "resource" or "data"
    type: str
    name: str
    block: ast.Block
    file: str

    @property
    def local_address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"


@dataclass
class ModuleCall:
    name: str
    block: ast.Block
    file: str

    @property
    def source(self) -> str | None:
        attribute = self.block.body.attributes.get("source")
        if (
            attribute
            and isinstance(attribute.expr, ast.Template)
            and all(isinstance(p, str) for p in attribute.expr.parts)
        ):
            return "".join(p for p in attribute.expr.parts if isinstance(p, str))
        return None

    @property
    def is_local(self) -> bool:
        source = self.source
        return source is not None and (source.startswith("./") or source.startswith("../"))


@dataclass
class ModuleConfig:
    directory: Path
    files: list[ast.ConfigFile] = field(default_factory=list)
    variables: dict[str, tuple[ast.Block, str]] = field(default_factory=dict)
    locals: dict[str, tuple[ast.Attribute, str]] = field(default_factory=dict)
    providers: list[tuple[ast.Block, str]] = field(default_factory=list)
    resources: list[ResourceConfig] = field(default_factory=list)
    module_calls: list[ModuleCall] = field(default_factory=list)
    outputs: dict[str, tuple[ast.Attribute, str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add_file(self, config: ast.ConfigFile) -> None:
        self.files.append(config)
        for block in config.body.blocks:
            self._add_block(block, config.path)

    def _add_block(self, block: ast.Block, path: str) -> None:
        if block.type == "variable" and block.labels:
            self.variables[block.labels[0]] = (block, path)
        elif block.type == "locals":
            for name, attribute in block.body.attributes.items():
                self.locals[name] = (attribute, path)
        elif block.type == "provider" and block.labels:
            self.providers.append((block, path))
        elif block.type in ("resource", "data") and len(block.labels) >= 2:
            self.resources.append(
                ResourceConfig(block.type, block.labels[0], block.labels[1], block, path)
            )
        elif block.type == "module" and block.labels:
            self.module_calls.append(ModuleCall(block.labels[0], block, path))
        elif block.type == "output" and block.labels and "value" in block.body.attributes:
            self.outputs[block.labels[0]] = (block.body.attributes["value"], path)


def read_text(path: Path, named_by_pipeline: bool = False) -> str:
    """Read a source file as UTF-8, with clear errors for binary, huge or unreadable files,
    files that are not regular and files whose real path leaves the scan root."""
    from kmslint.safeio import read_bytes

    data = read_bytes(path, str(path), MAX_FILE_BYTES, named_by_pipeline)
    if b"\0" in data:
        raise InputError(str(path), None, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(str(path), line, "file is not valid UTF-8 text") from None


def load_module(directory: Path, workspace: Workspace, parser: Parser) -> ModuleConfig:
    """Parse every ``.tf`` file of one directory; a file that fails becomes a diagnostic."""
    from kmslint.terraform.overrides import is_override_file, merge_overrides

    module = ModuleConfig(directory)
    primary: list[ast.ConfigFile] = []
    overrides: list[ast.ConfigFile] = []
    for path in workspace.tf_files(directory):
        shown = display_path(path)
        try:
            if path.name.endswith(".tf.json"):
                from kmslint.terraform.json_syntax import parse_json_config

                parsed = parse_json_config(workspace.text(path), shown)
            else:
                parsed = parser.parse(workspace.text(path), shown)
        except InputError as exc:
            module.diagnostics.append(exc.diagnostic)
            continue
        (overrides if is_override_file(path.name) else primary).append(parsed)
    merged, problems = merge_overrides(primary, overrides)
    module.diagnostics.extend(problems)
    for config in merged:
        module.add_file(config)
    module.files.extend(overrides)
    return module


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
