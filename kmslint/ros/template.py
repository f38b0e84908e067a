"""An ROS template file: read, recognised by ``ROSTemplateFormatVersion``, split into sections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kmslint.errors import InputError
from kmslint.ros.cache import TemplateCache, is_missing
from kmslint.ros.values import LMap, type_name
from kmslint.ros.yamlload import load_document

MAX_FILE_BYTES = 5 * 1024 * 1024
VERSION_KEY = "ROSTemplateFormatVersion"
_MARKER = re.compile(r"""["']?\bROSTemplateFormatVersion["']?\s*:""")
SECTIONS = ("Parameters", "Mappings", "Conditions", "Resources")


@dataclass
class Template:
    """The sections kmslint evaluates, each an LMap (empty when the template has none)."""

    path: str
    root: LMap
    parameters: LMap
    mappings: LMap
    conditions: LMap
    resources: LMap

    @property
    def transform(self) -> Any:
        return self.root.get("Transform")

    @property
    def workspace(self) -> Any:
        return self.root.get("Workspace")

    def is_terraform(self) -> bool:
        """``Transform: Aliyun::Terraform-v…``: the resources are Terraform files in ``Workspace``."""
        transforms = self.transform if isinstance(self.transform, list) else [self.transform]
        return any(isinstance(t, str) and t.startswith("Aliyun::Terraform") for t in transforms)


def read_text(path: Path, display: str) -> str:
    """A template's text; unreadable, binary, huge or non-UTF-8 files are ``InputError``."""
    from kmslint.safeio import read_bytes

    data = read_bytes(path, display, MAX_FILE_BYTES)
    if b"\0" in data:
        raise InputError(display, None, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            display, data[: exc.start].count(b"\n") + 1, "file is not valid UTF-8 text"
        ) from None


def parse_template(text: str, display: str, cache: TemplateCache | None = None) -> Template | None:
    """The template in ``text``, or None when it is not an ROS template at all (no noise)."""
    if not _MARKER.search(text):
        return None
    root = cache.get(text) if cache is not None else None
    if cache is None or is_missing(root):
        root = load_document(text, display)
        if cache is not None:
            cache.put(text, root)
    if not isinstance(root, LMap) or VERSION_KEY not in root:
        return None
    sections: dict[str, LMap] = {}
    for name in SECTIONS:
        value = root.get(name)
        if value is None:
            sections[name] = LMap(root.key_line(name))
        elif isinstance(value, LMap):
            sections[name] = value
        else:
            raise InputError(
                display, root.key_line(name), f"{name} must be a mapping, got {type_name(value)}"
            )
    return Template(
        path=display,
        root=root,
        parameters=sections["Parameters"],
        mappings=sections["Mappings"],
        conditions=sections["Conditions"],
        resources=sections["Resources"],
    )


def load_template(path: Path, display: str, cache: TemplateCache | None = None) -> Template | None:
    return parse_template(read_text(path, display), display, cache)
