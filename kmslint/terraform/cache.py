"""Parsing entry point for HCL files (the parse cache hooks in here)."""

from __future__ import annotations

from kmslint.terraform.ast import ConfigFile
from kmslint.terraform.parse import parse_hcl


def parse_cached(text: str, path: str) -> ConfigFile:
    return parse_hcl(text, path)
