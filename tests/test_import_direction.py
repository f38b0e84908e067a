"""Imports run one way: each kmslint module may import only its own layer or the layers below.

The layers, lowest first, are the boxes of docs/architecture.md. A new module must be placed in
``LAYERS`` (the test fails until it is), so the direction is decided once, here; a module that
a registry names (an input kind's reader, a format) takes the layer of what it registers as. Lazy imports
inside functions and imports under ``TYPE_CHECKING`` count too: they are still dependencies. The
cycle check looks at the imports that run; an annotation-only import may point back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kmslint"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Shared value types and helpers with no kmslint dependencies above them.
    (
        "base",
        (
            "kmslint",
            "kmslint.__init__",
            "kmslint.errors",
            "kmslint.model",
            "kmslint.kms",
            "kmslint.money",
            "kmslint.yamlsafe",
            "kmslint.findings",
            "kmslint.cachedir",
            "kmslint.cachesize",
            "kmslint.datafiles",
            "kmslint.progress",
            "kmslint.data",
            "kmslint.schema",
            "kmslint.budget",
            "kmslint.linear_regex",
            "kmslint.safeio",
            "kmslint.redact",
            "kmslint.trustedtree",
            "kmslint.escape",
        ),
    ),
    # Catalogues of product facts and the user's files: consumers, usage file, config.
    ("catalogues", ("kmslint.consumers", "kmslint.usage", "kmslint.config", "kmslint.excludes")),
    # Front ends that turn files into an inventory; they read KMS facts, never prices.
    (
        "loaders",
        (
            "kmslint.terraform",
            "kmslint.ros",
            "kmslint.discovery",
            "kmslint.gitref",
            "kmslint.gitprefilter",
        ),
    ),
    # Everything that puts a price on the inventory.
    (
        "billing",
        (
            "kmslint.billing",
            "kmslint.pricebook",
            "kmslint.engine",
            "kmslint.calls",
            "kmslint.instance_counts",
            "kmslint.savings",
        ),
    ),
    # The report of a scan, and the one page where the stages run in order.
    (
        "scan",
        (
            "kmslint.report",
            "kmslint.report_instances",
            "kmslint.projects",
            "kmslint.scan",
            "kmslint.usage_skeleton",
        ),
    ),
    ("policy", ("kmslint.policy",)),
    # What reads a finished report document.
    (
        "outputs",
        (
            "kmslint.formatters",
            "kmslint.diff",
            "kmslint.merge",
            "kmslint.comment",
            "kmslint.migration",
            "kmslint.reference",  # generated schemas and docs/reference/ from the tables above
        ),
    ),
    ("commands", ("kmslint.commands", "kmslint.cli", "kmslint.__main__")),
]


def layer_of(module: str) -> int:
    """Index in LAYERS of the longest prefix that names ``module``'s package or the module."""
    best: tuple[int, int] | None = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = (
                module.startswith(prefix + ".") and prefix != "kmslint"
            )  # the root: itself only
            if (module == prefix or inside) and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    if best is None:
        best = (registered_layer(module), 0)
    return best[0]


def registered_layer(module: str) -> int:
    """The layer of a module that a registry names: input readers load, formats are outputs."""
    from kmslint.discovery import INPUT_KINDS
    from kmslint.formatters import FORMATS

    names = [name for name, _prefixes in LAYERS]
    if module in {kind.reader for kind in INPUT_KINDS.values()}:
        return names.index("loaders")
    if module in FORMATS.values():
        return names.index("outputs")
    raise LookupError(f"{module} is in no layer of tests/test_import_direction.py")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").is_file() or (root / relative).is_dir()


def type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` blocks (imports for annotations only)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            inside |= {id(child) for statement in node.body for child in ast.walk(statement)}
    return inside


def imports_in(
    source: str, module: str, is_package: bool = False, runtime_only: bool = False
) -> set[str]:
    """The kmslint modules that ``source`` (the text of ``module``) imports, anywhere in it.

    With ``runtime_only``, imports under ``TYPE_CHECKING`` (which never run) are left out.
    """
    found: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    tree = ast.parse(source)
    skipped = type_checking_nodes(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "kmslint"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "kmslint":
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if is_module(child) else base)
    return found


def import_graph(runtime_only: bool = False) -> dict[str, set[str]]:
    return {
        module_name(p): imports_in(
            p.read_text(encoding="utf-8"), module_name(p), p.name == "__init__.py", runtime_only
        )
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if target == module or target not in graph:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                problems.append(
                    f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
                    f"({LAYERS[layer_of(target)][0]})"
                )
    return problems


def test_every_module_has_a_layer() -> None:
    missing = []
    for module in import_graph():
        try:
            layer_of(module)
        except LookupError as exc:
            missing.append(str(exc))
    assert missing == []


def test_no_module_imports_a_higher_layer() -> None:
    assert upward_imports(import_graph()) == []


def test_there_is_no_import_cycle() -> None:
    """Imports that run (at the top or inside a function) never loop; annotations may."""
    assert find_cycle(import_graph(runtime_only=True)) is None


def test_the_walker_sees_lazy_relative_and_type_checking_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import money\n"
        "if TYPE_CHECKING:\n"
        "    from kmslint.policy.settings import Policy\n"
        "def f():\n"
        "    import kmslint.commands.check\n"
    )
    graph = {"kmslint.engine": imports_in(source, "kmslint.engine")}
    assert imports_in(source, "kmslint.engine", runtime_only=True) == {
        "kmslint.money",
        "kmslint.commands.check",
    }
    assert graph["kmslint.engine"] == {
        "kmslint.money",
        "kmslint.policy.settings",
        "kmslint.commands.check",
    }
    assert upward_imports(graph) == [
        "kmslint.engine (billing) imports kmslint.commands.check (commands)",
        "kmslint.engine (billing) imports kmslint.policy.settings (policy)",
    ]


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": set(), "c": {"a"}}, None),
    ],
)
def test_the_cycle_finder_finds_a_cycle(
    graph: dict[str, set[str]], cycle: list[str] | None
) -> None:
    assert find_cycle(graph) == cycle
