"""Input kinds: which files are which input is decided by ``discovery.INPUT_KINDS`` alone.

The throwaway kind below (a one-key-per-line ``.keys`` file) is a module written to a temporary
directory and one ``register_input_kind`` call; ``kmslint check`` then finds and prices it.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kmslint.discovery import (
    INPUT_KINDS,
    PLAN,
    ROS,
    TERRAFORM,
    InputKind,
    discover,
    register_input_kind,
)
from tests.helpers import run_cli, write_module

READER = '''\
"""A throwaway input kind: each line of a .keys file is one HSM key address."""

from kmslint.model import Inventory, Key, SourceRange


def read_input(target, request):
    inventory = Inventory(scanned_files=[str(target.path)])
    lines = target.path.read_text(encoding="utf-8").splitlines()[1:]
    for number, address in enumerate(lines, start=2):
        source = SourceRange(str(target.path), number)
        spec = request.facts.defaults["key_spec"]
        inventory.keys.append(Key(address, "keys_file", source, spec, "ENCRYPT/DECRYPT", "HSM"))
    return inventory
'''


@pytest.fixture
def keys_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A ``keys`` input kind registered through the public registry, unregistered afterwards."""
    (tmp_path / "throwaway_keys_reader.py").write_text(READER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = dict(INPUT_KINDS)
    register_input_kind(
        InputKind("keys", "throwaway_keys_reader", (".keys",), re.compile(rb"^# kms keys"))
    )
    yield "keys"
    INPUT_KINDS.clear()
    INPUT_KINDS.update(before)


@pytest.mark.parametrize("name", list(INPUT_KINDS))
def test_each_reader_module_provides_read_input(name: str) -> None:
    from importlib import import_module

    reader = import_module(INPUT_KINDS[name].reader).read_input
    assert list(inspect.signature(reader).parameters) == ["target", "request"]


def test_the_registry_decides_each_kind(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": 'resource "alicloud_kms_key" "k" {}\n',
            "stack.yml": (
                "ROSTemplateFormatVersion: '2015-09-01'\n"
                "Resources:\n  Key: {Type: ALIYUN::KMS::Key}\n"
            ),
            "plan.json": '{"planned_values": {}}',
            "other.json": '{"a": 1}',
            "notes.yml": "a: 1\n",
        },
    )
    found = {(t.kind, t.path.name) for t in discover([tmp_path])}
    assert found == {(TERRAFORM, tmp_path.name), (ROS, "stack.yml"), (PLAN, "plan.json")}
    assert [t.kind for t in discover([tmp_path / "stack.yml"])] == [ROS]
    assert [t.path for t in discover([tmp_path / "main.tf"])] == [tmp_path]


def test_a_registered_kind_is_found_and_priced(tmp_path: Path, keys_kind: str) -> None:
    write_module(tmp_path, {"team.keys": "# kms keys\nvault\nbackup\n", "skip.keys": "other\n"})
    targets = discover([tmp_path])
    assert [(t.kind, t.path.name) for t in targets] == [(keys_kind, "team.keys")]
    result = run_cli("estimate", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    rows = [(r["address"], r["line"], r["monthly_cost"]) for r in document["resources"]]
    assert rows == [("vault", 2, "0.99"), ("backup", 3, "0.99")]


def test_a_kind_is_registered_once(keys_kind: str) -> None:
    with pytest.raises(ValueError, match="input kind 'keys' is already registered"):
        register_input_kind(InputKind(keys_kind, "elsewhere", (".keys",)))
