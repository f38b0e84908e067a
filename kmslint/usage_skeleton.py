"""Write and synchronise ``kmslint-usage.yml`` skeletons (``kmslint usage init [--sync]``).

Every field that applies to a resource is written commented out with a one-line explanation:
an uncommented 0 would mean "free", which is exactly the silent answer kmslint refuses to give.
``--sync`` edits the file as text, so everything outside the added or removed entries stays
byte for byte as the user left it.

The first line names the usage schema of the installed version for YAML editors
(``# yaml-language-server: $schema=...``); ``--sync`` adds it when it is missing and moves a
kmslint schema URL of another version to this one, never writing a second line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from kmslint.consumers import consumer_catalogue
from kmslint.model import Inventory, Key
from kmslint.pricebook import PriceBook
from kmslint.schema import USAGE_SCHEMA, schema_url
from kmslint.usage import field_catalogue
from kmslint.yamlsafe import load_round_trip

HEADER = """\
# kmslint usage assumptions. Uncomment a field and give your own monthly figure; a key whose
# usage is not given is priced for hosting only and reported as "depends on usage".
version: 1
# defaults: {region: ap-southeast-1, month_days: 30, horizon_months: 12}
# After a migration to KMS instances: defaults: {billing_model: instance, instance: ADDRESS|ID}
# account: {existing_advanced_hsm_versions: 0}
resource_usage:
"""
_SYMMETRIC_CALLS = (
    "monthly_encrypt_calls",
    "monthly_decrypt_calls",
    "monthly_generate_data_key_calls",
    "monthly_generate_data_key_without_plaintext_calls",
    "monthly_re_encrypt_calls",
)
_SIGN_CALLS = (
    "monthly_sign_calls",
    "monthly_verify_calls",
    "monthly_get_public_key_calls",
    "monthly_signatures",
)
_ASYMMETRIC_CALLS = (
    "monthly_asymmetric_encrypt_calls",
    "monthly_asymmetric_decrypt_calls",
    "monthly_get_public_key_calls",
)
_PLAIN_KEY = re.compile(r'^[A-Za-z_][\w.\-]*(\[(\*|\d+|"[\w./\-]*")\][\w.\-]*)*$', re.ASCII)
_OBJECT_FIELDS = ("monthly_objects_uploaded", "monthly_object_reads")
INSTANCE_FIELDS = ("peak_qps", "monthly_price_usd")  # a KMS instance's own usage fields
_SCHEMA_LINE = re.compile(r"^\s*#\s*yaml-language-server:\s*\$schema=(\S*)")
# kmslint's own usage schema of any version (a team's own schema URL is left as it is).
_KMSLINT_SCHEMA = re.compile(
    r"^https://raw\.githubusercontent\.com/kmslint/kmslint/[^/\s]+/kmslint/schema/usage\.schema\.json$"
)


def schema_line() -> str:
    """The editor modeline naming the usage schema of this version."""
    return f"# yaml-language-server: $schema={schema_url(USAGE_SCHEMA)}\n"


def with_schema_line(lines: list[str]) -> list[str]:
    """``lines`` with exactly one schema modeline: a kmslint one is moved to this version, a
    missing one is added as the first line, any other schema the user chose stays."""
    for index, line in enumerate(lines):
        found = _SCHEMA_LINE.match(line)
        if found is None:
            continue
        if _KMSLINT_SCHEMA.match(found.group(1)):
            lines[index] = schema_line()
        return lines
    return [schema_line(), *lines]


def key_fields(key: Key, book: PriceBook) -> list[str]:
    spec = book.spec(key.key_spec)
    fields = ["monthly_crypto_calls"]
    if key.key_usage == "SIGN/VERIFY":
        fields += _SIGN_CALLS
    elif spec is not None and not spec.symmetric:
        fields += _ASYMMETRIC_CALLS
    else:
        fields += _SYMMETRIC_CALLS + _OBJECT_FIELDS
    return [*fields, "existing_versions"]


def yaml_key(address: str) -> str:
    """The address as a YAML mapping key: plain when that reads back the same, else quoted."""
    if _PLAIN_KEY.match(address):
        return address
    return json.dumps(address)  # a JSON string is a YAML double-quoted scalar


def entry_text(address: str, fields: list[str]) -> str:
    helps = field_catalogue().help
    width = max(len(f) for f in fields) + 1
    lines = [f"  {yaml_key(address)}:"]
    lines += [f"    # {(name + ':').ljust(width)}   # {helps[name]}" for name in fields]
    return "\n".join(lines) + "\n"


def skeleton_entries(inventory: Inventory, book: PriceBook) -> dict[str, str]:
    """Address -> entry text, for every key and consumer of the scan, in report order."""
    entries = {
        key.address: entry_text(key.address, key_fields(key, book)) for key in inventory.keys
    }
    for instance in inventory.instances:
        entries.setdefault(instance.address, entry_text(instance.address, list(INSTANCE_FIELDS)))
    for consumer in inventory.consumers:
        if consumer.uses_service_key:
            continue
        kind = consumer_catalogue().lookup(consumer.type)
        fields = [*(kind.usage_fields if kind else ()), "monthly_crypto_calls"]
        entries.setdefault(consumer.address, entry_text(consumer.address, fields))
    return entries


def new_file(inventory: Inventory, book: PriceBook) -> str:
    return schema_line() + HEADER + "".join(skeleton_entries(inventory, book).values())


@dataclass
class _Entry:
    address: str
    start: int  # 0-based line index of the address line
    end: int  # exclusive


def _entries(lines: list[str], text: str, path: str) -> tuple[list[_Entry], int | None]:
    """The resource_usage entries with their line ranges, and the line where new ones go."""
    document = load_round_trip(text, path)
    if not isinstance(document, CommentedMap) or "resource_usage" not in document:
        return [], None
    section = document["resource_usage"]
    top_lines = sorted(document.lc.key(k)[0] for k in document)
    section_line = document.lc.key("resource_usage")[0]
    section_end = next((line for line in top_lines if line > section_line), len(lines))
    if not isinstance(section, CommentedMap) or not section:
        return [], section_line + 1
    starts = [(str(address), section.lc.key(address)[0]) for address in section]
    entries = []
    for index, (address, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else section_end
        entries.append(
            _Entry(address, start, _trim_trailing(lines, start, end, _indent(lines[start])))
        )
    return entries, entries[-1].end if entries else section_line + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _trim_trailing(lines: list[str], start: int, end: int, indent: int) -> int:
    """Leave comment and blank lines at the entry's own indent or less to whatever follows."""
    while end - 1 > start and (
        not lines[end - 1].strip()
        or (lines[end - 1].lstrip().startswith("#") and _indent(lines[end - 1]) <= indent)
    ):
        end -= 1
    return end


def sync_file(
    text: str, path: str, inventory: Inventory, book: PriceBook
) -> tuple[str, list[str], list[str]]:
    """The synchronised file text, the addresses added and the addresses removed."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    wanted = skeleton_entries(inventory, book)
    entries, insert_at = _entries(lines, text, path)
    present = {e.address for e in entries}
    removed = [e for e in entries if "[*]" not in e.address and e.address not in wanted]
    added = [address for address in wanted if address not in present]
    if insert_at is None:
        lines += ["resource_usage:\n"]
        insert_at = len(lines)
    elif insert_at > 0 and lines[insert_at - 1].rstrip().endswith("{}"):
        lines[insert_at - 1] = lines[insert_at - 1].replace("{}", "").rstrip() + "\n"
    lines[insert_at:insert_at] = [wanted[a] for a in added]
    for entry in sorted(removed, key=lambda e: e.start, reverse=True):
        del lines[entry.start : entry.end]
    return "".join(with_schema_line(lines)), added, [e.address for e in removed]
