"""``Transform: Aliyun::Terraform-v…`` templates: the Terraform files in ``Workspace``.

Each ``.tf`` entry of ``Workspace`` is parsed in memory and handed to the Terraform loader as a
module directory under a virtual root (nothing is read from disk); the template's parameters
become the root module's variables, as ROS passes them. Keys, diagnostics and suppressions come
back with their file and line mapped into the template (a block scalar's lines map one to one;
a quoted string's lines all map to its key's line).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from kmslint.errors import Diagnostic, InputError
from kmslint.kms import KmsFacts
from kmslint.model import Inventory, Key, SourceRange
from kmslint.ros.keys import UNSPECIFIED_REGION
from kmslint.ros.template import Template
from kmslint.ros.values import LMap, Unknown, plain, text_of, type_name
from kmslint.terraform.config import ModuleConfig
from kmslint.terraform.keys import PROVIDER_DEFAULT_SOURCE
from kmslint.terraform.loader import ModuleLoader, TerraformOptions, load_terraform_root


@dataclass(frozen=True)
class WorkspaceFile:
    """Where one Workspace file's lines are in the template."""

    name: str
    first_line: int
    line_by_line: bool

    def line(self, line: int | None) -> int:
        if line is None or not self.line_by_line:
            return self.first_line
        return self.first_line + max(line, 1) - 1


class _WorkspaceLoader(ModuleLoader):
    """Module directories come only from the Workspace; any other directory is empty."""

    def __init__(self) -> None:
        from kmslint.terraform.workspace import Workspace

        super().__init__(Workspace(prefilter=False))  # the files are in memory, not on disk
        self.missing: list[Path] = []

    def exists(self, directory: Path) -> bool:
        return True  # the Workspace is in memory: a missing module is reported after the run

    def __call__(self, directory: Path) -> ModuleConfig:
        directory = directory.resolve()
        if directory not in self.modules:
            self.missing.append(directory)
            self.modules[directory] = ModuleConfig(directory)
        return self.modules[directory]


class _Mapper:
    """Maps the parser's in-memory file names and lines back into the template."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.files: dict[str, WorkspaceFile] = {}

    def marker(self, name: str) -> str:
        return f"{self.template.path}:Workspace/{name}"

    def place(self, file: str, line: int | None) -> tuple[str, int | None]:
        entry = self.files.get(file)
        return (self.template.path, entry.line(line)) if entry else (file, line)

    def diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        file, line = self.place(diagnostic.file, diagnostic.line)
        return replace(diagnostic, file=file, line=line)

    def source(self, source: SourceRange) -> SourceRange:
        file, line = self.place(source.file, source.line)
        end = self.place(source.file, source.end_line)[1] if source.end_line is not None else None
        return SourceRange(file, line or 0, end)

    def key(self, key: Key) -> None:
        original = key.source.file
        key.source = self.source(key.source)
        key.attributes = {
            name: self.place(original, line)[1] or key.source.line
            for name, line in key.attributes.items()
        }
        for entry in key.unresolved:
            entry.line = self.place(original, entry.line)[1] if entry.line is not None else None
        key.suppressions = [
            replace(s, file=self.place(s.file, s.line)[0], line=self.place(s.file, s.line)[1] or 0)
            for s in key.suppressions
        ]


def _parse_workspace(
    template: Template, root: Path, mapper: _Mapper, loader: _WorkspaceLoader
) -> list[Diagnostic]:
    from kmslint.terraform.parse import parse_hcl

    workspace = template.workspace
    if not isinstance(workspace, LMap):
        raise InputError(
            template.path,
            template.root.key_line("Workspace"),
            "Workspace must map file names to Terraform text",
        )
    problems: list[Diagnostic] = []
    for name, text in workspace.items():
        if not name.endswith(".tf"):
            continue
        if not isinstance(text, str):
            problems.append(
                Diagnostic(
                    template.path,
                    workspace.key_line(name),
                    f"Workspace file {name} must be text, got {type_name(text)}",
                )
            )
            continue
        mapper.files[mapper.marker(name)] = WorkspaceFile(
            name, workspace.content_line(name), name in workspace.block_scalars
        )
        directory = (root / PurePosixPath(name).parent).resolve()
        module = loader.modules.setdefault(directory, ModuleConfig(directory))
        try:
            module.add_file(parse_hcl(text, mapper.marker(name)))
        except InputError as exc:
            problems.append(mapper.diagnostic(exc.diagnostic))
    return problems


def hcl_literal(value: Any) -> str:
    """A value written as an HCL literal (for a ``--var``-style assignment)."""
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{hcl_literal(str(k))} = {hcl_literal(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(hcl_literal(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, str):
        return (
            '"'
            + value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("${", "$${")
            .replace("\n", "\\n")
            + '"'
        )
    return text_of(value)


def _variables(
    root: ModuleConfig, parameters: dict[str, Any], given: dict[str, Any]
) -> list[tuple[str, str]]:
    """Root variable assignments from the template's parameters (and undeclared given values)."""
    assignments: list[tuple[str, str]] = []
    for name, (block, _file) in root.variables.items():
        if name in parameters and not isinstance(parameters[name], Unknown):
            value = plain(parameters[name])
        elif name in given:
            value = given[name]
        else:
            continue
        type_attr = block.body.attributes.get("type")
        declared_string = (
            type_attr is not None and getattr(type_attr.expr, "name", None) == "string"
        )
        text = (
            text_of(value)
            if declared_string and not isinstance(value, (list, dict))
            else hcl_literal(value)
        )
        assignments.append((name, text))
    return assignments


def _unspecified_region(key: Key) -> None:
    """With no stack region given, price a provider-default key as ROS keys are: mainland, stated."""
    if key.region_source != PROVIDER_DEFAULT_SOURCE:
        return
    key.region, key.region_source = "", "unspecified"
    key.notes = [note for note in key.notes if not note.startswith("no region configured")]
    key.assume("region", UNSPECIFIED_REGION)


def load_workspace(
    template: Template,
    parameters: dict[str, Any],
    given: dict[str, Any],
    region: str | None,
    region_source: str,
    book: KmsFacts,
) -> Inventory:
    """The inventory of the Terraform files in the template's Workspace."""
    template_path = Path(template.path).resolve()
    root = template_path.parent / f"{template_path.name}#Workspace"
    mapper, loader = _Mapper(template), _WorkspaceLoader()
    problems = _parse_workspace(template, root, mapper, loader)
    root_config = loader(root)
    options = TerraformOptions(
        [], _variables(root_config, parameters, given), region, region_source or "--region"
    )
    inventory = load_terraform_root(root, options, book, loader)
    for key in inventory.keys:
        mapper.key(key)
        if not region:
            _unspecified_region(key)
    for version in inventory.key_versions:
        version.source = mapper.source(version.source)
    for consumer in inventory.consumers:
        consumer.source = mapper.source(consumer.source)
    inventory.diagnostics = problems + [mapper.diagnostic(d) for d in inventory.diagnostics]
    workspace_line = template.root.key_line("Workspace")
    for directory in loader.missing:
        if directory != root.resolve():
            relative = (
                directory.relative_to(root.resolve())
                if directory.is_relative_to(root.resolve())
                else directory
            )
            inventory.diagnostics.append(
                Diagnostic(
                    template.path,
                    workspace_line,
                    f"module directory {relative} is not in the Workspace; its keys are not counted",
                    "warning",
                )
            )
    inventory.scanned_files = [template.path]
    return inventory
