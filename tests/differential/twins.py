"""Twin configurations: one case, planned by Terraform and estimated by kmslint, compared.

A case is written as kmslint sees it, with ``alicloud_kms_key`` blocks whose arguments are one
per line. Its Terraform twin turns each key block into a ``terraform_data`` whose ``input``
holds the key's arguments converted the way the provider's string attributes convert them
(``tostring``), so ``terraform plan`` runs offline. Many cases share one root: every name a case
declares starts with ``NS_``, which becomes the case's own prefix (``c17_``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEY_FIELDS = ("key_spec", "protection_level", "status", "automatic_rotation", "rotation_interval")
DEFAULTS = {"key_spec": "Aliyun_AES_256", "protection_level": "SOFTWARE", "status": "Enabled"}
META = ("count", "for_each", "depends_on", "provider", "lifecycle")
_KEY_BLOCK = re.compile(r'^(\s*)resource\s+"alicloud_kms_key"\s+"([^"]+)"\s*\{\s*$')
_ARGUMENT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$")
_INSTANCE_KEY = re.compile(r'\[(?:\d+|"(?:[^"\\]|\\.)*")\]')
SHARED_FILES = {"terraform.tfvars"}
_CASE_PREFIX = re.compile(r"\bc(\d+)_")


@dataclass
class Case:
    """Files keyed by path relative to the root; ``main.tf`` becomes ``<prefix>.tf``."""

    label: str
    files: dict[str, str]
    command_line: list[tuple[str, str]] = field(default_factory=list)  # ("var"|"var-file", text)
    env: dict[str, str] = field(default_factory=dict)  # variable name -> raw text

    def prefixed(self, prefix: str) -> Case:
        def sub(text: str) -> str:
            return text.replace("NS_", prefix)

        files = {
            sub(path if path != "main.tf" else "NS_main.tf"): sub(t)
            for path, t in self.files.items()
        }
        return Case(
            self.label,
            files,
            [(kind, sub(text)) for kind, text in self.command_line],
            {sub(name): value for name, value in self.env.items()},
        )


def terraform_twin(text: str, override: bool = False) -> str:
    """Each ``alicloud_kms_key`` block of ``text`` as a ``terraform_data`` resource."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _KEY_BLOCK.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, name = match.groups()
        body: list[str] = []
        i += 1
        while lines[i].strip() != "}" or len(lines[i]) - len(lines[i].lstrip()) != len(indent):
            body.append(lines[i])
            i += 1
        i += 1
        meta, inputs = [], ["kmslint_twin = true"]
        for line in body:
            argument = _ARGUMENT.match(line)
            if argument is None:
                continue
            attr, expr = argument.groups()
            if attr in META:
                meta.append(line)
            else:
                inputs.append(f"{attr} = tostring({expr})")
        out.append(f'{indent}resource "terraform_data" "{name}" {{')
        out.extend(meta)
        if not override or len(inputs) > 1:  # an override replaces input as a whole
            out.append(f"{indent}  input = {{")
            out.extend(f"{indent}    {item}" for item in inputs)
            out.append(f"{indent}  }}")
        out.append(f"{indent}}}")
    return "\n".join(out) + "\n"


def terraform_json_twin(text: str) -> str:
    """The ``.tf.json`` twin: ``alicloud_kms_key`` objects become ``terraform_data`` inputs."""
    document = json.loads(text)
    resources = document.get("resource", {})
    keys = resources.pop("alicloud_kms_key", {})
    twins = resources.setdefault("terraform_data", {})
    for name, body in keys.items():
        inputs: dict[str, Any] = {"kmslint_twin": True}
        twin: dict[str, Any] = {"input": inputs}
        for attr, value in body.items():
            if attr in META:
                twin[attr] = value
            elif isinstance(value, str) and value.startswith("${") and value.endswith("}"):
                inputs[attr] = "${tostring(" + value[2:-1] + ")}"
            else:
                inputs[attr] = (
                    value if isinstance(value, str) else "${tostring(" + json.dumps(value) + ")}"
                )
        twins[name] = twin
    return json.dumps(document, indent=2)


def write_root(directory: Path, cases: list[Case], twin: bool) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for case in cases:
        for path, text in case.files.items():
            target = directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if twin and path.endswith(".tf.json"):
                text = terraform_json_twin(text)
            if twin and path.endswith(".tf"):
                text = terraform_twin(text, override=path.endswith("override.tf"))
            if path in SHARED_FILES and target.exists():
                text = target.read_text(encoding="utf-8") + text
            target.write_text(text, encoding="utf-8")


def command_line(cases: list[Case], directory: Path) -> list[tuple[str, str]]:
    return [
        (kind, str(directory / text) if kind == "var-file" else text)
        for case in cases
        for kind, text in case.command_line
    ]


def environment(cases: list[Case]) -> dict[str, str]:
    return {f"TF_VAR_{name}": value for case in cases for name, value in case.env.items()}


# -- Terraform ------------------------------------------------------------------------------
def terraform_binary() -> str | None:
    return shutil.which("terraform")


def _terraform_env(work: Path, cases: list[Case]) -> dict[str, str]:
    config = work / "empty.tfrc"
    config.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update(
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        TF_CLI_CONFIG_FILE=str(config),
        TF_INPUT="0",
        **environment(cases),
    )
    return env


def _failed_prefixes(output: str) -> set[str]:
    """The case prefixes (``c17_``) that Terraform's JSON diagnostics blame."""
    blamed: set[str] = set()
    for line in output.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("@level") != "error":
            continue
        diagnostic = message.get("diagnostic", {})
        where = diagnostic.get("range", {}).get("filename", "")
        text = where + " " + diagnostic.get("summary", "") + " " + diagnostic.get("detail", "")
        text += " " + diagnostic.get("snippet", {}).get("code", "")
        blamed |= {f"c{m.group(1)}_" for m in _CASE_PREFIX.finditer(text)}
        if os.environ.get("KMSLINT_DIFF_DEBUG"):
            print(
                "REJECT", diagnostic.get("summary"), "|", diagnostic.get("detail", "")[:150], where
            )
        if not blamed:
            blamed.add("?")
    return blamed


def plan_with_terraform(cases: dict[str, Case], work: Path) -> tuple[dict[str, Any], set[str]]:
    """Plan the cases in one root; cases Terraform rejects are dropped (and returned)."""
    rejected: set[str] = set()
    binary = terraform_binary()
    assert binary is not None
    for _attempt in range(6):
        kept = [c for p, c in cases.items() if p not in rejected]
        root = work / "terraform"
        write_root(root, kept, twin=True)
        env = _terraform_env(work, kept)
        args = []
        for kind, text in command_line(kept, root):
            args.append(f"-{kind}={text}")
        init = subprocess.run(
            [binary, "init", "-input=false", "-backend=false", "-json"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if init.returncode != 0:
            blamed = _failed_prefixes(init.stdout) - {"?"}
            if not blamed:
                raise RuntimeError(f"terraform init failed:\n{init.stdout}\n{init.stderr}")
            rejected |= blamed
            continue
        plan = subprocess.run(
            [binary, "plan", "-input=false", "-refresh=false", "-out=plan.bin", "-json", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if plan.returncode == 0:
            show = subprocess.run(
                [binary, "show", "-json", "plan.bin"],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            return json.loads(show.stdout), rejected
        blamed = _failed_prefixes(plan.stdout)
        if "?" in blamed or not blamed:
            raise RuntimeError(f"terraform plan failed:\n{plan.stdout[-4000:]}\n{plan.stderr}")
        rejected |= blamed
    raise RuntimeError("terraform kept rejecting cases")


def terraform_keys(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Address (as kmslint spells it) -> key fields; ``UNKNOWN`` where Terraform does not know."""
    keys: dict[str, dict[str, Any]] = {}
    for change in plan.get("resource_changes", []):
        if change.get("type") != "terraform_data":
            continue
        after = change["change"].get("after") or {}
        after_unknown = change["change"].get("after_unknown") or {}
        inputs = after.get("input")
        unknown_inputs = after_unknown.get("input")
        if unknown_inputs is True:
            inputs, unknown_inputs = {"kmslint_twin": True}, {f: True for f in KEY_FIELDS}
        if not isinstance(inputs, dict) or "kmslint_twin" not in inputs:
            continue
        unknown_inputs = unknown_inputs if isinstance(unknown_inputs, dict) else {}
        address = change["address"].replace("terraform_data.", "alicloud_kms_key.")
        keys[address] = {
            name: UNKNOWN if unknown_inputs.get(name) else inputs.get(name) for name in KEY_FIELDS
        }
    return keys


class _Unknown:
    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN = _Unknown()


# -- kmslint ----------------------------------------------------------------------------------
def estimate_with_kmslint(cases: list[Case], work: Path) -> dict[str, dict[str, Any]]:
    """Address -> key fields as kmslint evaluates them, with the fields it states it assumed."""
    from kmslint.pricebook import load_price_book
    from kmslint.terraform.loader import TerraformOptions, load_terraform_root

    root = work / "kmslint"
    write_root(root, cases, twin=False)
    order = command_line(cases, root)
    options = _options(TerraformOptions, order)
    saved = dict(os.environ)
    try:
        os.environ.update(environment(cases))
        inventory = load_terraform_root(root, options, load_price_book())
    finally:
        os.environ.clear()
        os.environ.update(saved)
    keys: dict[str, dict[str, Any]] = {}
    for key in inventory.keys:
        stated = {u.field: u.assumption for u in key.unresolved}
        keys[key.address] = {
            "key_spec": key.key_spec,
            "protection_level": key.protection_level,
            "status": key.status,
            "automatic_rotation": "Enabled" if key.rotation_enabled else None,
            "rotation_interval": key.rotation_interval if key.rotation_enabled else None,
            "stated": stated,
            "instances_known": not any(
                f.startswith("count") or f.startswith("for_each") for f in stated
            ),
        }
    return keys


def _options(options_type: Any, order: list[tuple[str, str]]) -> Any:
    from kmslint.terraform.variables import parse_var_assignment

    fields = getattr(options_type, "__dataclass_fields__", {})
    if "command_line" in fields:
        entries = [
            ("var", parse_var_assignment(text)) if kind == "var" else ("var-file", Path(text))
            for kind, text in order
        ]
        return options_type(command_line=entries)
    return options_type(
        var_files=[Path(t) for k, t in order if k == "var-file"],
        variables=[parse_var_assignment(t) for k, t in order if k == "var"],
    )


# -- comparison -------------------------------------------------------------------------------
def _expected(name: str, value: Any) -> Any:
    """What the provider makes of a planned argument: unset ("" or null) takes the default.

    Except ``protection_level = ""``, which the provider's validation rejects (one of SOFTWARE,
    HSM): kmslint keeps it and reports KMS007 (issue 14).
    """
    if value is UNKNOWN:
        return UNKNOWN
    if name == "protection_level" and value == "":
        return ""
    if value in (None, ""):
        value = None
    if name in DEFAULTS:
        return DEFAULTS[name] if value is None else value
    return value


def resource_of(address: str) -> str:
    return _INSTANCE_KEY.sub("", address)


def case_of(address: str) -> str:
    match = _CASE_PREFIX.search(address)
    return f"c{match.group(1)}_" if match else "?"


STATED: list[str] = []


def compare(
    terraform: dict[str, dict[str, Any]], kmslint: dict[str, dict[str, Any]]
) -> dict[str, list[str]]:
    """Silent mismatches by case prefix. A value kmslint states it assumed is not one."""
    found: dict[str, list[str]] = {}
    counted_unknown = {resource_of(a) for a, k in kmslint.items() if not k["instances_known"]}
    for address in sorted(set(terraform) | set(kmslint)):
        if resource_of(address) in counted_unknown:
            continue
        problems = found.setdefault(case_of(address), [])
        if address not in kmslint:
            problems.append(f"{address}: planned by Terraform, missing in kmslint")
            continue
        if address not in terraform:
            problems.append(f"{address}: found by kmslint, not planned by Terraform")
            continue
        ours, theirs = kmslint[address], terraform[address]
        expected = {name: _expected(name, theirs[name]) for name in KEY_FIELDS}
        if expected["automatic_rotation"] != "Enabled":
            expected["automatic_rotation"] = expected["rotation_interval"] = None
        for name in KEY_FIELDS:
            if name in ours["stated"] or (
                name == "rotation_interval" and "automatic_rotation" in ours["stated"]
            ):
                STATED.append(f"{address}: {name}: {ours['stated'].get(name)}")
                continue
            if expected[name] is UNKNOWN:
                problems.append(
                    f"{address}: {name} is unknown to Terraform, kmslint has {ours[name]!r}"
                )
            elif expected[name] != ours[name]:
                theirs_text, ours_text = repr(expected[name]), repr(ours[name])
                problems.append(
                    f"{address}: {name} is {theirs_text} in Terraform, {ours_text} here"
                )
    return {case: p for case, p in found.items() if p}


@dataclass
class Outcome:
    compared: int
    rejected: list[str]
    mismatches: dict[str, list[str]]  # case label -> problems
    stated: int = 0  # values kmslint stated it could not know although Terraform knew them


def run_differential(cases: list[Case], work: Path, batch: int = 250) -> Outcome:
    """Plan and estimate ``cases`` in batches of ``batch`` cases per Terraform root."""
    compared, rejected, mismatches = 0, [], {}
    STATED.clear()
    for start in range(0, len(cases), batch):
        chunk = {
            f"c{start + i}_": case.prefixed(f"c{start + i}_")
            for i, case in enumerate(cases[start : start + batch])
        }
        plan, refused = plan_with_terraform(chunk, work)
        kept = [c for p, c in chunk.items() if p not in refused]
        ours = estimate_with_kmslint(kept, work)
        found = compare(terraform_keys(plan), ours)
        for prefix, case in chunk.items():
            if prefix in refused:
                rejected.append(case.label)
                continue
            compared += 1
            if prefix in found:
                mismatches[case.label] = found[prefix]
    return Outcome(compared, rejected, mismatches, len(STATED))
