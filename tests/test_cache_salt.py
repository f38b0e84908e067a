"""Every cache key is salted with kmslint's version and the cache format: an entry written by
one version is never read by another, even in a shared cache directory."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import kmslint
from kmslint import cachedir, datafiles
from kmslint.ros.cache import TemplateCache, is_missing
from kmslint.ros.values import LMap
from kmslint.terraform.cache import ParseCache, Parser
from kmslint.terraform.summaries import SummaryCache

TF = 'resource "alicloud_kms_key" "k" {\n  key_spec = "Aliyun_AES_256"\n}\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("KMSLINT_CACHE_DIR", str(root))
    monkeypatch.delenv("KMSLINT_NO_DATA_CACHE", raising=False)
    return root


REAL = kmslint.__version__


def _as_version(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setattr(kmslint, "__version__", version)


def test_the_salt_changes_with_the_version_and_the_cache_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = cachedir.cache_salt("data", 1)
    assert cachedir.cache_salt("data", 1) == now
    assert cachedir.cache_salt("data", 2) != now
    assert cachedir.cache_salt("parse", 1) != now
    format_now = cachedir.CACHE_FORMAT
    monkeypatch.setattr(cachedir, "CACHE_FORMAT", format_now + 1)
    assert cachedir.cache_salt("data", 1) != now
    monkeypatch.setattr(cachedir, "CACHE_FORMAT", format_now)
    assert cachedir.cache_salt("data", 1) == now
    _as_version(monkeypatch, "0.0.1")
    assert cachedir.cache_salt("data", 1) != now


def test_a_data_entry_of_another_version_is_not_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "price: 1\n"
    _as_version(monkeypatch, "0.0.1")
    assert datafiles.parse_yaml_text(text) == {"price": 1}
    (old,) = (cache / "data").iterdir()
    key = hashlib.sha256(text.encode()).hexdigest()
    old.write_bytes(datafiles._entry({"price": 0}, key))  # what 0.0.1 would read back
    assert datafiles.parse_yaml_text(text) == {"price": 0}
    _as_version(monkeypatch, REAL)
    assert datafiles.parse_yaml_text(text) == {"price": 1}
    assert len(list((cache / "data").iterdir())) == 2


def test_a_parse_entry_of_another_version_is_not_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_version(monkeypatch, "0.0.1")
    old = ParseCache.from_environment()
    parsed = Parser(old).parse(TF, "main.tf")
    assert old.get(old.key(TF.encode())) is not None
    _as_version(monkeypatch, REAL)
    new = ParseCache.from_environment()
    assert new.key(TF.encode()) != old.key(TF.encode())
    assert new.get(new.key(TF.encode())) is None
    assert Parser(new).parse(TF, "main.tf") == parsed


def test_prefilter_summaries_of_another_version_are_not_read(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "stack"
    directory.mkdir()
    signature: list[list[object]] = [["main.tf", 10, 1]]
    _as_version(monkeypatch, "0.0.1")
    old = SummaryCache.for_run(True, "alicloud_kms")
    old.put(directory, signature, True, set())
    old.save()
    assert SummaryCache.for_run(True, "alicloud_kms").get(directory, signature) == (True, set())
    _as_version(monkeypatch, REAL)
    assert SummaryCache.for_run(True, "alicloud_kms").get(directory, signature) is None


def test_a_ros_entry_of_another_version_is_not_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '{"ROSTemplateFormatVersion": "2015-09-01"}'
    _as_version(monkeypatch, "0.0.1")
    document = LMap(1, 1)
    document["ROSTemplateFormatVersion"] = "2015-09-01"
    TemplateCache.from_environment().put(text, document)
    assert TemplateCache.from_environment().get(text) == document
    _as_version(monkeypatch, REAL)
    assert is_missing(TemplateCache.from_environment().get(text))
