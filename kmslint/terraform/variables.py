"""Root-module variable values in Terraform's precedence order.

Lowest to highest: ``default`` < ``TF_VAR_name`` environment variables < ``terraform.tfvars``
< ``terraform.tfvars.json`` < ``*.auto.tfvars`` and ``*.auto.tfvars.json`` (one lexical order of
file names) < ``--var-file`` and ``--var`` (in the order given on the command line).
A ``--var`` or ``TF_VAR_`` value is the literal string for a variable with no type or a primitive
type, and HCL only for a complex type, as Terraform takes it.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from kmslint import redact
from kmslint.errors import Diagnostic, InputError
from kmslint.terraform import ast
from kmslint.terraform.config import ModuleConfig, read_text
from kmslint.terraform.evaluator import EvalError, Evaluator
from kmslint.terraform.parse import parse_expression, parse_hcl
from kmslint.terraform.values import Unknown


def _literal_evaluator() -> Evaluator:
    return Evaluator(lambda name, line: Unknown(f"{name} cannot be used in a variable value"))


def _parsed_as_literal(module: ModuleConfig, name: str) -> bool:
    """No type, or a primitive one: Terraform takes the text as it is."""
    entry = module.variables.get(name)
    if entry is None:
        return True
    type_attr = entry[0].body.attributes.get("type")
    return type_attr is None or (
        isinstance(type_attr.expr, ast.Var) and type_attr.expr.name in ("string", "number", "bool")
    )


def _raw_value(module: ModuleConfig, name: str, raw: str, where: str) -> Any:
    """A ``--var``/environment value: literal text, or HCL for a complex type."""
    if _parsed_as_literal(module, name):
        return raw
    try:
        return _literal_evaluator().eval(parse_expression(raw, where))
    except (InputError, EvalError):
        return raw


def _tfvars_values(path: Path, display: str, named_by_pipeline: bool = False) -> dict[str, Any]:
    text = read_text(path, named_by_pipeline)
    if path.name.endswith(".json"):
        try:
            return dict(json.loads(text, parse_float=Decimal))
        except (ValueError, TypeError) as exc:
            raise InputError(
                display, getattr(exc, "lineno", None), f"invalid JSON variables file: {exc}"
            ) from None
    config = parse_hcl(text, display)
    evaluator = _literal_evaluator()
    values: dict[str, Any] = {}
    for name, attribute in config.body.attributes.items():
        try:
            values[name] = evaluator.eval(attribute.expr)
        except EvalError as exc:
            raise InputError(display, exc.line or attribute.line, exc.message) from None
    return values


def parse_var_assignment(text: str) -> tuple[str, str]:
    """``name=value`` from ``--var``; a missing ``=`` is an error."""
    if "=" not in text:
        raise InputError("--var", None, f"expected NAME=VALUE, got {text!r}")
    name, value = text.split("=", 1)
    if not name.strip():
        raise InputError("--var", None, f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def _automatic_files(directory: Path) -> list[Path]:
    named = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    auto = sorted(
        [*directory.glob("*.auto.tfvars"), *directory.glob("*.auto.tfvars.json")],
        key=lambda p: p.name,
    )
    return [p for p in [*named, *auto] if os.path.lexists(p)]  # a FIFO or link: refused on read


def root_variable_values(
    module: ModuleConfig,
    command_line: list[tuple[str, Any]],
    diagnostics: list[Diagnostic],
    environment: bool = True,
) -> dict[str, Any]:
    """``command_line``: ``("var", (name, text))`` and ``("var-file", path)`` in order."""
    values: dict[str, Any] = {}
    for env_name, raw in sorted(os.environ.items()) if environment else []:
        if env_name.startswith("TF_VAR_") and env_name[7:] in module.variables:
            values[env_name[7:]] = _raw_value(module, env_name[7:], raw, env_name)
            redact.register(raw, env_name)
            redact.register_derived(values[env_name[7:]], env_name)  # a map's or list's strings
    sources = [("var-file", p) for p in _automatic_files(module.directory)] + command_line
    for kind, item in sources:
        if kind == "var":
            name, raw = item
            values[name] = _raw_value(module, name, raw, f"--var {name}")
            continue
        try:
            values.update(_tfvars_values(Path(item), str(item), True))
        except InputError as exc:
            diagnostics.append(exc.diagnostic)
    return {name: value for name, value in values.items() if name in module.variables}
