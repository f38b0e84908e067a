"""``kmslint usage init`` names the usage schema of this version on the first line, for editors;
``--sync`` keeps exactly one such line and moves it to the installed version."""

from __future__ import annotations

import io
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from kmslint import __version__
from kmslint.schema import USAGE_SCHEMA, package_schema
from tests.commands.test_usage import KEYS
from tests.helpers import run_cli, write_module

LINE = (
    "# yaml-language-server: $schema=https://raw.githubusercontent.com/kmslint/kmslint/"
    f"v{__version__}/kmslint/schema/usage.schema.json\n"
)
OLD = (
    "# yaml-language-server: $schema=https://raw.githubusercontent.com/kmslint/kmslint/"
    "v0.0.9/kmslint/schema/usage.schema.json\n"
)


def initialised(tmp_path: Path) -> Path:
    module = write_module(tmp_path / "m", {"main.tf": KEYS})
    result = run_cli("usage", "init", module)
    assert result.exit_code == 0, result.stderr
    return module / "kmslint-usage.yml"


def synced(usage_file: Path) -> str:
    result = run_cli("usage", "init", "--sync", usage_file.parent)
    assert result.exit_code == 0, result.stderr
    return usage_file.read_text(encoding="utf-8")


def schema_lines(text: str) -> list[str]:
    return [line for line in text.splitlines(keepends=True) if "yaml-language-server" in line]


def test_init_writes_the_schema_of_this_version_first(tmp_path: Path) -> None:
    text = initialised(tmp_path).read_text(encoding="utf-8")
    assert text.startswith(LINE + "# kmslint usage assumptions.")
    assert schema_lines(text) == [LINE]
    document = YAML(typ="safe").load(io.StringIO(text))
    assert (
        list(jsonschema.Draft7Validator(package_schema(USAGE_SCHEMA)).iter_errors(document)) == []
    )


def test_sync_is_idempotent_and_never_duplicates_the_line(tmp_path: Path) -> None:
    usage_file = initialised(tmp_path)
    written = usage_file.read_text(encoding="utf-8")
    assert synced(usage_file) == written
    assert synced(usage_file) == written
    assert schema_lines(written) == [LINE]


def test_sync_moves_an_older_version_to_this_one(tmp_path: Path) -> None:
    usage_file = initialised(tmp_path)
    body = usage_file.read_text(encoding="utf-8").removeprefix(LINE)
    usage_file.write_text(OLD + body, encoding="utf-8")
    assert synced(usage_file) == LINE + body


def test_sync_adds_the_line_to_a_file_without_one(tmp_path: Path) -> None:
    usage_file = initialised(tmp_path)
    body = "# owned by the platform team\n" + usage_file.read_text(encoding="utf-8").removeprefix(
        LINE
    )
    usage_file.write_text(body, encoding="utf-8")
    assert synced(usage_file) == LINE + body


def test_sync_keeps_a_schema_line_that_is_not_first_where_it_is(tmp_path: Path) -> None:
    usage_file = initialised(tmp_path)
    body = usage_file.read_text(encoding="utf-8").removeprefix(LINE)
    usage_file.write_text("# owned by the platform team\n" + OLD + body, encoding="utf-8")
    assert synced(usage_file) == "# owned by the platform team\n" + LINE + body


def test_sync_leaves_a_schema_the_team_chose_alone(tmp_path: Path) -> None:
    usage_file = initialised(tmp_path)
    own = "# yaml-language-server: $schema=https://schemas.example.com/kmslint-usage.json\n"
    text = own + usage_file.read_text(encoding="utf-8").removeprefix(LINE)
    usage_file.write_text(text, encoding="utf-8")
    assert synced(usage_file) == text
