"""The shipped JSON Schemas of ``.kmslint.yaml`` and ``kmslint-usage.yml``: in sync with the
loaders' tables, accepting every file kmslint ships or accepts, rejecting what the loaders reject."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from kmslint import __version__, config, usage
from kmslint.config import parse_config
from kmslint.errors import DiagnosticsError
from kmslint.policy.catalogue import builtin_rules
from kmslint.policy.settings import build_policy
from kmslint.reference.generated import outdated
from kmslint.schema import CONFIG_SCHEMA, USAGE_SCHEMA, package_schema, schema_url
from kmslint.usage import field_catalogue, parse_usage
from tests.helpers import EXAMPLES, ROOT

CONFIG = jsonschema.Draft7Validator(package_schema(CONFIG_SCHEMA))
USAGE = jsonschema.Draft7Validator(package_schema(USAGE_SCHEMA))
USAGE_FILES = sorted(
    [*EXAMPLES.rglob("kmslint-usage.yml"), *(ROOT / "tests" / "policy").rglob("kmslint-usage.yml")]
)
CONFIG_FILES = sorted((ROOT / "tests" / "policy").rglob(".kmslint.yaml"))


def load(text: str) -> Any:
    return YAML(typ="safe").load(io.StringIO(text))


def problems(validator: jsonschema.Draft7Validator, document: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    )


def readme_blocks(first_line: str) -> list[str]:
    """The README's ```yaml blocks that are (or start like) the given file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    return [b for b in blocks if b.startswith(first_line)]


def test_the_committed_schemas_are_what_the_loader_tables_generate() -> None:
    assert outdated(ROOT) == [], "run python -m kmslint.reference"


def test_the_config_schema_lists_exactly_the_keys_the_loader_accepts() -> None:
    schema = package_schema(CONFIG_SCHEMA)
    assert list(schema["properties"]) == list(config.TOP_LEVEL)
    assert list(schema["properties"]["budget"]["properties"]) == list(config.BUDGET_FIELDS)
    rule_body = schema["properties"]["rules"]["additionalProperties"]["anyOf"][1]
    assert list(rule_body["properties"]) == list(config.RULE_FIELDS)
    rules = schema["properties"]["rules"]["properties"]
    assert sorted(rules) == sorted(rule.id for rule in builtin_rules())
    for rule in builtin_rules():
        params = rules[rule.id]["anyOf"][1]["properties"]["params"]["properties"]
        assert list(params) == list(rule.params)


def test_the_usage_schema_lists_exactly_the_fields_the_loader_accepts() -> None:
    schema = package_schema(USAGE_SCHEMA)
    assert list(schema["properties"]) == list(usage.TOP_LEVEL)
    assert list(schema["properties"]["defaults"]["properties"]) == list(usage.DEFAULT_FIELDS)
    assert list(schema["properties"]["account"]["properties"]) == list(usage.ACCOUNT_FIELDS)
    fields = schema["definitions"]["usage"]["properties"]
    assert list(fields) == list(field_catalogue().all_fields)
    assert {name: f["description"] for name, f in fields.items()} == field_catalogue().help
    assert schema["properties"]["defaults"]["properties"]["billing_model"]["enum"] == [
        *usage.BILLING_MODELS,
        None,
    ]


def test_the_schemas_are_package_data_of_this_version() -> None:
    assert schema_url(USAGE_SCHEMA) == (
        f"https://raw.githubusercontent.com/kmslint/kmslint/v{__version__}/kmslint/schema/usage.schema.json"
    )
    for name in (CONFIG_SCHEMA, USAGE_SCHEMA):
        jsonschema.Draft7Validator.check_schema(package_schema(name))
        assert (ROOT / "kmslint" / "schema" / name).is_file()


@pytest.mark.parametrize("path", USAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_usage_file_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_usage(text, str(path))[1] == []
    assert problems(USAGE, load(text)) == []


def test_the_readme_usage_examples_validate() -> None:
    blocks = readme_blocks("version: 1\n")
    assert blocks
    for block in blocks:
        assert parse_usage(block, "README.md")[1] == []
        assert problems(USAGE, load(block)) == []


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_config_validates(path: Path) -> None:
    assert problems(CONFIG, load(path.read_text(encoding="utf-8"))) == []


def test_the_readme_and_docstring_configs_validate() -> None:
    docstring = re.findall(r"```yaml\n(.*?)```", config.__doc__ or "", re.S)
    blocks = [*readme_blocks("fail_on:"), *docstring]
    assert len(blocks) >= 2
    for block in blocks:
        parsed = parse_config(block, ROOT / ".kmslint.yaml", trusted=True)
        parsed.rules_dirs = []  # the examples' policies/ directory is the reader's own
        build_policy(parsed)
        assert problems(CONFIG, load(block)) == []


BAD_USAGE = [
    (
        "resource_usage: {a.b: {monthly_decrypt_calls: -1}}",
        "resource_usage/a.b/monthly_decrypt_calls",
    ),
    (
        "resource_usage: {a.b: {monthly_decrypt_calls: lots}}",
        "resource_usage/a.b/monthly_decrypt_calls",
    ),
    ("resource_usage: {a.b: {monthly_decrypts: 5}}", "resource_usage/a.b"),
    ("defaults: {month_days: 0}", "defaults/month_days"),
    ("defaults: {billing_model: kms3}", "defaults/billing_model"),
    ("defaults: {regoin: cn-hangzhou}", "defaults"),
    ("account: {existing_advanced_hsm_versions: -2}", "account/existing_advanced_hsm_versions"),
    ("version: 2", "version"),
    ("resources: {}", ""),
    (
        "resource_type_default_usage: {alicloud_kms_key: {count: [1]}}",
        "resource_type_default_usage/alicloud_kms_key/count",
    ),
]


@pytest.mark.parametrize(("text", "where"), BAD_USAGE)
def test_an_invalid_usage_file_fails_the_schema_and_the_loader(text: str, where: str) -> None:
    assert parse_usage(text, "kmslint-usage.yml")[1] != []
    found = problems(USAGE, load(text))
    assert found != []
    assert any(p.startswith(f"{where}: ") for p in found), found


BAD_CONFIG = [
    ("fail_on: fatal", "fail_on"),
    ("link_base: http://docs.example.com", "link_base"),
    ("link_base: 'javascript:alert(1)'", "link_base"),
    ("link_base: 'https://docs.example.com/a b'", "link_base"),
    ("budget: {monthly_usd: -5}", "budget/monthly_usd"),
    ("budget: {weekly_usd: 5}", "budget"),
    ("rules: {KMS003: {severity: fatal}}", "rules/KMS003"),
    ("rules: {KMS003: {params: {min_interval_days: soon}}}", "rules/KMS003"),
    ("rules: {KMS003: {params: {max_interval_days: 9}}}", "rules/KMS003"),
    ("rules: {KMS003: maybe}", "rules/KMS003"),
    ("rules_dir: [policies, 3]", "rules_dir"),
    ("exclude: ['  ']", "exclude"),
    ("failon: error", ""),
]


@pytest.mark.parametrize(("text", "where"), BAD_CONFIG)
def test_an_invalid_config_fails_the_schema_and_the_loader(text: str, where: str) -> None:
    with pytest.raises(DiagnosticsError):
        build_policy(parse_config(text, ROOT / ".kmslint.yaml", trusted=True))
    found = problems(CONFIG, load(text))
    assert found != []
    assert any(p.startswith(f"{where}: ") for p in found), found


def test_the_generator_writes_every_file_and_check_finds_stale_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kmslint.reference.__main__ import main
    from kmslint.reference.generated import files, write_all

    assert outdated(tmp_path) == list(files())
    assert {"kmslint/schema/config.schema.json", "kmslint/schema/usage.schema.json"} <= set(files())
    written = write_all(tmp_path)
    assert outdated(tmp_path) == []
    for relative in written:
        assert (tmp_path / relative).read_text(encoding="utf-8") == (ROOT / relative).read_text(
            encoding="utf-8"
        )
    assert main(["kmslint.reference", "--check"]) == 0
    assert main(["kmslint.reference", "--bogus"]) == 2
    assert "usage: python -m kmslint.reference [--check]" in capsys.readouterr().err
