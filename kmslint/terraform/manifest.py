"""Modules ``terraform init`` downloaded: ``.terraform/modules/modules.json`` of a root module.

Each entry maps a module call path (``kms``, ``kms.inner``) to the directory Terraform unpacked
it into, relative to the root. Registry and git modules are evaluated from there, as TFLint
(``--call-module-type=all``) and Checkov do. A ``Dir`` outside the root is never followed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kmslint.errors import Diagnostic

MANIFEST = Path(".terraform") / "modules" / "modules.json"
MAX_MANIFEST_BYTES = 5 * 1024 * 1024


@dataclass
class ModuleManifest:
    root: Path
    directories: dict[str, Path] = field(default_factory=dict)
    present: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def directory(self, key: str) -> Path | None:
        return self.directories.get(key)


def read_manifest(root: Path, shown_root: str) -> ModuleManifest:
    root = root.resolve()
    manifest = ModuleManifest(root)
    path = root / MANIFEST
    shown = f"{shown_root.rstrip('/')}/{MANIFEST.as_posix()}"
    try:
        if not path.is_file():
            return manifest
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError("the file is too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["Modules"]
        if not isinstance(entries, list):
            raise ValueError("Modules is not a list")
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        message = f"cannot read the module manifest of terraform init: {exc}"
        manifest.diagnostics.append(Diagnostic(shown, None, message, "warning"))
        return manifest
    manifest.present = True
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("Key"), str):
            continue
        directory = entry.get("Dir")
        if not isinstance(directory, str) or not entry["Key"]:
            continue
        resolved = (root / directory).resolve()
        if resolved != root and root not in resolved.parents:
            message = f"module {entry['Key']}: Dir {directory!r} is outside the root; not read"
            manifest.diagnostics.append(Diagnostic(shown, None, message, "warning"))
            continue
        manifest.directories[entry["Key"]] = resolved
    return manifest
