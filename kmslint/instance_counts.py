"""``count:`` in the usage file: how many instances an unresolved count/for_each makes.

A key whose count or for_each kmslint could not resolve stands for "at least one instance"
(``instances_known: false``). Given ``count: N`` at its address, it becomes N keys, with the
placeholder index replaced (``[0]`` -> ``[0]..[N-1]``, ``["?"]`` -> ``["?1"]..["?N"]``), each
with the usage the placeholder address has, and its instance count known.
"""

from __future__ import annotations

import dataclasses

from kmslint.model import Inventory, Key
from kmslint.usage import ProjectUsage, UsageFile

COUNT_FIELD = "count"


def _index(placeholder: str, position: int) -> str:
    return f"[{position}]" if placeholder == "[0]" else f'["?{position + 1}"]'


def _copies(key: Key, count: int, usage: UsageFile) -> list[Key]:
    assert key.instance_placeholder is not None
    before, placeholder, after = key.instance_placeholder
    entry = usage.exact.get(key.address)
    expansions = [u for u in key.unresolved if _is_expansion(u.field)]
    notes = [n for n in key.notes if n not in {u.text() for u in expansions}]
    copies = []
    for position in range(count):
        address = f"{before}{_index(placeholder, position)}{after}"
        note = f"{count} instance(s) from the usage file's count for {key.address}"
        copy = dataclasses.replace(
            key,
            address=address,
            instances_known=True,
            instance_placeholder=None,
            notes=[*notes, note],
            unresolved=[u for u in key.unresolved if u not in expansions],
            consumers=list(key.consumers),
        )
        if entry is not None and address not in usage.exact:
            usage.exact[address] = entry
        copies.append(copy)
    return copies


def _is_expansion(field_name: str) -> bool:
    return field_name.startswith(("count", "for_each"))


def expand_instance_counts(inventory: Inventory, usages: ProjectUsage) -> None:
    keys: list[Key] = []
    for key in inventory.keys:
        usage = usages.of(key.project)
        given = usage.fields_for(key.address, key.type).get(COUNT_FIELD)
        if key.instances_known or key.instance_placeholder is None or given is None:
            keys.append(key)
            continue
        keys.extend(_copies(key, int(given.value), usage))
    inventory.keys[:] = keys
