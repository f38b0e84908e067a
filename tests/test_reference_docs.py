"""docs/reference/: the generated pages match their sources, every environment variable the
package reads is documented, every command has its exit codes, and the README links here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kmslint.cli import SUBCOMMANDS
from kmslint.commands.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from kmslint.policy.catalogue import builtin_rules
from kmslint.reference.generated import files, outdated
from kmslint.reference.pages import type_text
from kmslint.usage import field_catalogue
from tests.helpers import ROOT

REFERENCE = ROOT / "docs" / "reference"
PACKAGE = ROOT / "kmslint"


def page(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


def test_the_generated_pages_are_in_sync_with_their_sources() -> None:
    generated = [p for p in files() if p.startswith("docs/reference/")]
    assert sorted(generated) == [
        "docs/reference/config.md",
        "docs/reference/report.md",
        "docs/reference/usage-file.md",
    ]
    assert [p for p in outdated(ROOT) if p in generated] == [], "run python -m kmslint.reference"


def test_the_usage_page_lists_every_field_with_its_help() -> None:
    text = page("usage-file.md")
    catalogue = field_catalogue()
    for name in catalogue.all_fields:
        [row] = [line for line in text.splitlines() if line.startswith(f"| `{name}` |")]
        assert catalogue.help[name].split("(")[0].strip() in row


def test_the_config_page_lists_every_key_and_built_in_parameter() -> None:
    from kmslint import config

    text = page("config.md")
    for name in (*config.TOP_LEVEL, *config.BUDGET_FIELDS, *config.RULE_FIELDS):
        assert f"| `{name}` |" in text
    for rule in builtin_rules():
        for name in rule.params:
            assert f"| `{rule.id}` | {rule.name} | `{name}` |" in text


def test_the_report_page_has_a_section_per_schema_object() -> None:
    from kmslint.schema import report_schema

    text = page("report.md")
    for name, body in report_schema()["$defs"].items():
        anchor = f"## {name}\n" if "properties" in body else f'<a id="{name}"></a>`{name}`'
        assert anchor in text
    assert "| `findings` | array of [finding](#finding) | yes |" in text
    assert "| `link` | string | yes |" in text


def test_type_text_reads_schema_fragments_as_words() -> None:
    assert type_text({"type": ["string", "null"]}) == "string or null"
    assert type_text({"type": "array", "items": {"$ref": "#/$defs/finding"}}) == (
        "array of [finding](#finding)"
    )
    assert type_text({"enum": [1, "1", None]}) == "`1` or `null`"
    assert type_text({"type": "integer", "minimum": 1}) == "integer, ≥ 1"
    assert type_text({"if": {}, "then": {"$ref": "#/a"}, "else": {"$ref": "#/b"}}) == (
        "[a](#a) or [b](#b)"
    )


def _constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a string or a tuple/list of strings."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name):
                strings = _strings(value)
                if strings:
                    found[target.id] = strings
    return found


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [s for item in node.elts for s in _strings(item)]
    return []


def _bindings(tree: ast.Module) -> dict[str, list[ast.AST]]:
    """Variable -> what it is bound to: the iterable of ``for v in NAMES`` and comprehensions,
    the value of a plain assignment (``name = next(n for n in NAMES if ...)``)."""
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, []).append(node.iter)
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            found.setdefault(node.targets[0].id, []).append(node.value)
    return found


def resolve(
    node: ast.AST,
    constants: dict[str, list[str]],
    bindings: dict[str, list[ast.AST]],
    depth: int = 0,
) -> list[str]:
    """The variable names an expression can evaluate to (string constants it is built from)."""
    if isinstance(node, ast.Name):
        if node.id in constants:
            return constants[node.id]
        if node.id in bindings and depth < 5:
            bound = bindings[node.id]
            return [v for b in bound for v in resolve(b, constants, bindings, depth + 1)]
        return []
    found = _strings(node)
    if found or isinstance(node, ast.Constant):
        return found
    names = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in constants]
    return [value for n in names for value in constants[n.id]]


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _read_names(node: ast.AST) -> list[ast.AST]:
    """The name expressions of an environment read at ``node``, if it is one."""
    if isinstance(node, ast.Call):
        function = node.func
        environ_get = isinstance(function, ast.Attribute) and (
            (function.attr == "get" and _is_environ(function.value)) or function.attr == "getenv"
        )
        named = [k.value for k in node.keywords if k.arg == "envvar"]
        return ([node.args[0]] if environ_get and node.args else []) + named
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return [node.slice]
    return []


def environment_reads() -> dict[str, set[str]]:
    """Variable name -> the modules that read it; ``TF_VAR_<name>`` for the prefix scan."""
    reads: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants, bindings = _constants(tree), _bindings(tree)
        module = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            for name in _read_names(node):
                values = resolve(name, constants, bindings)
                assert values, f"{module}:{node.lineno}: an environment read kmslint cannot name"
                for value in values:
                    reads.setdefault(value, set()).add(module)
            if isinstance(node, ast.Attribute) and node.attr == "items" and _is_environ(node.value):
                assert "TF_VAR_" in ast.unparse(tree), module
                reads.setdefault("TF_VAR_<name>", set()).add(module)
    return reads


def test_every_environment_variable_the_package_reads_is_documented() -> None:
    reads = environment_reads()
    assert {"KMSLINT_CACHE_DIR", "KMSLINT_CONFIG", "GITHUB_SHA", "TF_VAR_<name>"} <= set(reads)
    documented = set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]*(?:<name>)?)` \|", page("environment.md"), re.M)
    )
    assert sorted(set(reads) - documented) == [], "add them to docs/reference/environment.md"
    assert sorted(documented - set(reads)) == [], "documented but never read"


def test_the_environment_scan_sees_every_way_of_reading_one(tmp_path: Path) -> None:
    source = (
        "import os\nNAMES = ('A_ONE', 'A_TWO')\nLIMIT = 'A_LIMIT'\n"
        "x = os.environ.get('A_GET')\ny = os.getenv('A_GETENV')\nz = os.environ['A_ITEM']\n"
        "w = os.environ.get(LIMIT)\nv = next(os.environ[n] for n in NAMES)\n"
        "o = option('--x', envvar='A_OPTION')\n"
        "def f():\n    chosen = next((n for n in REGIONS if os.environ.get(n)), None)\n"
        "    return os.environ.get(chosen)\n"
        "REGIONS = ('A_REGION',)\n"
    )
    tree = ast.parse(source)
    constants, bindings = _constants(tree), _bindings(tree)
    named = set()
    for node in ast.walk(tree):
        for name in _read_names(node):
            named |= set(resolve(name, constants, bindings))
    assert named == {
        "A_ONE",
        "A_TWO",
        "A_LIMIT",
        "A_GET",
        "A_GETENV",
        "A_ITEM",
        "A_OPTION",
        "A_REGION",
    }
    assert resolve(ast.parse("unknown").body[0].value, constants, bindings) == []  # type: ignore[attr-defined]


def test_every_command_and_exit_code_is_documented() -> None:
    text = page("exit-codes.md")
    for code in (EXIT_OK, EXIT_FINDINGS, EXIT_ERROR):
        assert f"| `{code}` |" in text
    rows = set(re.findall(r"^\| `kmslint (\w+)` \|", text, re.M))
    assert rows == set(SUBCOMMANDS)


@pytest.mark.parametrize("name", ["README.md", "config.md", "usage-file.md", "report.md"])
def test_links_between_the_pages_resolve(name: str) -> None:
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page(name)):
        assert (REFERENCE / target).exists(), f"{name} links to missing {target}"


def test_the_readme_links_to_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/reference/README.md)" in readme
    index = page("README.md")
    for doc in sorted(p.name for p in REFERENCE.glob("*.md") if p.name != "README.md"):
        assert f"]({doc})" in index
