"""kmslint's own Lark parser, built from python-hcl2's grammar file.

python-hcl2's parser propagates every token's position to every tree node, which costs a
quarter to a half of a parse; kmslint reads only line numbers, and takes them from the tokens
of the nodes it converts (see ``first_line`` / ``last_line``). The grammar itself stays
python-hcl2's (``GRAMMAR_SHA256`` pins the file kmslint was written against; a test fails when
it changes) but for one rule: interpolations take strip markers (``${~ x ~}``) as Terraform's
do (``grammar_text``). Building the LALR tables takes about a second, so the built parser is
kept in the kmslint cache directory as a pickle of plain data (lists, tuples, dicts, strings and
numbers, ``saved_parser``): it is read back with an unpickler that refuses every class, so a
tampered file cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from kmslint.cachedir import write_atomically
from kmslint.terraform.saved_parser import FORMAT

GRAMMAR_SHA256 = "856e0a0a416400a68630c3a7bb2af92592394c992eb0e728f3b930c27a73aa78"


# Terraform accepts strip markers in interpolations (``${~ x ~}``) as in directives;
# python-hcl2's grammar does not, so kmslint's parser adds them to that one rule.
_INTERPOLATION_RULE = "interpolation: INTERP_START expression RBRACE"
_WITH_STRIP_MARKERS = "interpolation: INTERP_START STRIP_MARKER? expression STRIP_MARKER? RBRACE"


def grammar_text(path: Path) -> str:
    """python-hcl2's grammar with the interpolation rule that takes strip markers."""
    text = path.read_text(encoding="utf-8")
    if text.count(_INTERPOLATION_RULE) != 1:
        raise RuntimeError(f"{path}: the interpolation rule kmslint extends has changed")
    return text.replace(_INTERPOLATION_RULE, _WITH_STRIP_MARKERS)


def grammar_path() -> Path:
    """python-hcl2's grammar file (found without importing python-hcl2's slow API module)."""
    from importlib.util import find_spec

    spec = find_spec("hcl2")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "hcl2.lark"
        if candidate.is_file():
            return candidate
    raise RuntimeError("python-hcl2's grammar file hcl2.lark is missing")


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a saved parser")


def import_lark() -> None:
    """Import lark without the ``regex`` module. lark imports ``regex`` when it is installed (it
    comes with python-hcl2: 8 ms, as much as loading the saved parser) and uses it only for a
    parser built with ``regex=True`` or a grammar with Unicode categories; kmslint's is neither.
    Only lark's own import is kept from it: ``regex`` imports as usual afterwards."""
    if "lark" in sys.modules:
        return
    modules: dict[str, Any] = sys.modules
    hidden = "regex" not in modules
    if hidden:
        modules["regex"] = None  # "import regex" raises ImportError meanwhile
    try:
        import lark  # noqa: F401
    finally:
        if hidden and modules.get("regex", False) is None:
            del modules["regex"]


def _saved_path(grammar: bytes) -> Path | None:
    """Where the built parser is kept: the cache directory only (None when there is none to
    use). Never beside this module: a file left in an installed package's directory turns it
    into a namespace package once the project is reinstalled in editable mode, and
    site-packages is no place for run-time data."""
    from lark import __version__ as lark_version

    from kmslint.cachedir import cache_root, cache_salt

    salt = f"{cache_salt('parser', FORMAT)} lark {lark_version} ".encode() + grammar
    name = f"lark-{hashlib.sha256(salt).hexdigest()[:32]}.grammar"
    root = cache_root()  # None when it lies inside the scanned tree: not used
    return None if root is None else root / "parser" / name


def hcl2_module(name: str) -> ModuleType:
    """python-hcl2's module ``name`` (``postlexer``, ``utils``) without running its package's
    ``__init__``, which imports all of its API (the dict transformer, the ``regex`` module):
    12 ms of every run that parses. Both modules import only the standard library and lark."""
    loaded = sys.modules.get(f"hcl2.{name}") or _STANDALONE.get(name)
    if loaded is not None:
        return loaded
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location(f"kmslint._hcl2_{name}", grammar_path().parent / f"{name}.py")
    if spec is None or spec.loader is None:
        raise RuntimeError(f"python-hcl2's module {name} is missing")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    _STANDALONE[name] = module
    return module


_STANDALONE: dict[str, ModuleType] = {}


def _postlexer() -> Any:
    return hcl2_module("postlexer").PostLexer()


def _load_saved(saved: Path | None) -> Any:
    from kmslint.terraform.saved_parser import parsing_frontend

    if saved is None:
        return None
    try:
        data = _PlainUnpickler(io.BytesIO(saved.read_bytes())).load()
        return parsing_frontend(data, _postlexer())
    except Exception:
        return None


def _save(built: Any, saved: Path | None) -> None:
    from kmslint.terraform.saved_parser import plain_data

    if saved is None:
        return
    try:
        data = pickle.dumps(plain_data(built), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a Lark whose insides moved: parse with it, save nothing
        return
    write_atomically(saved, data)


@lru_cache(maxsize=1)
def parser() -> Any:
    """The LALR parser of python-hcl2's grammar (``grammar_text``), without position propagation
    (a Lark parsing front end: ``parser().parse(text)`` is what ``Lark.parse`` does)."""
    import_lark()
    path = grammar_path()
    grammar = grammar_text(path)
    saved = _saved_path(grammar.encode("utf-8"))
    loaded = _load_saved(saved)
    if loaded is not None:
        return loaded
    built = build(path, grammar)
    _save(built, saved)
    return built.parser


def build(path: Path, grammar: str) -> Any:
    """The ``Lark`` of ``grammar`` (python-hcl2's at ``path``, as ``grammar_text`` changed it)."""
    from lark import Lark

    return Lark(
        grammar,
        parser="lalr",
        propagate_positions=False,
        postlex=_postlexer(),
        import_paths=[str(path.parent)],
    )


def parse_tree(text: str) -> Any:
    """The Lark tree of ``text`` (python-hcl2 appends a newline too: the grammar needs one)."""
    return parser().parse(text + "\n")


def first_line(node: Any) -> int:
    """The line of the node's first token: what Lark's position propagation would give (every
    terminal of the grammar is named, so none is filtered out of the tree)."""
    token = _edge_token(node, last=False)
    line = getattr(token, "line", None)
    return line if isinstance(line, int) else 0


def last_line(node: Any) -> int:
    """The end line of the node's last token."""
    token = _edge_token(node, last=True)
    line = getattr(token, "end_line", None)
    return line if isinstance(line, int) else 0


def _edge_token(node: Any, last: bool) -> Any:
    """The first (or last) token under ``node``, depth first; None when it holds none."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            return current
        if current is not None:
            pending.extend(current.children if last else reversed(current.children))
    return None
