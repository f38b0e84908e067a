"""Root-module variable values in Terraform's precedence order.

Lowest to highest: ``default`` < ``TF_VAR_name`` environment variables < ``terraform.tfvars``
< ``*.auto.tfvars`` (lexical order) < ``--var-file`` < ``--var`` (the last two in the order given).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from kmslint.errors import Diagnostic, InputError
from kmslint.terraform import ast
from kmslint.terraform.config import ModuleConfig, read_text
from kmslint.terraform.evaluator import EvalError, Evaluator
from kmslint.terraform.parse import parse_expression, parse_hcl
from kmslint.terraform.values import Unknown


def _literal_evaluator() -> Evaluator:
    return Evaluator(lambda name, line: Unknown(f"{name} cannot be used in a variable value"))


def _declared_string(module: ModuleConfig, name: str) -> bool:
    entry = module.variables.get(name)
    if entry is None:
        return False
    type_attr = entry[0].body.attributes.get("type")
    return (
        type_attr is not None
        and isinstance(type_attr.expr, ast.Var)
        and type_attr.expr.name == "string"
    )


def _raw_value(module: ModuleConfig, name: str, raw: str, where: str) -> Any:
    """A ``--var``/environment value: a string for string variables, else an HCL literal."""
    if _declared_string(module, name):
        return raw
    try:
        return _literal_evaluator().eval(parse_expression(raw, where))
    except (InputError, EvalError):
        return raw


def _tfvars_values(path: Path, display: str) -> dict[str, Any]:
    text = read_text(path)
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


def root_variable_values(
    module: ModuleConfig,
    var_files: list[Path],
    var_assignments: list[tuple[str, str]],
    diagnostics: list[Diagnostic],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for env_name, raw in sorted(os.environ.items()):
        if env_name.startswith("TF_VAR_") and env_name[7:] in module.variables:
            values[env_name[7:]] = _raw_value(module, env_name[7:], raw, env_name)
    directory = module.directory
    automatic = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    automatic += sorted(directory.glob("*.auto.tfvars")) + sorted(
        directory.glob("*.auto.tfvars.json")
    )
    for path in [p for p in automatic if p.is_file()] + list(var_files):
        try:
            values.update(_tfvars_values(path, str(path)))
        except InputError as exc:
            diagnostics.append(exc.diagnostic)
    for name, raw in var_assignments:
        values[name] = _raw_value(module, name, raw, f"--var {name}")
    return {name: value for name, value in values.items() if name in module.variables}
