"""A value computed from a ``TF_VAR_*`` secret is as secret as the value itself: a function of
it (``upper``, ``substr``, ``replace``, ``base64encode``), a template around it, an instance key
made of it, or a string inside a complex-typed variable is never quoted in any output."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.helpers import write_module
from tests.security.test_jail import SECRET, outputs

KEY = (
    'variable "spec" {{\n  type = {type}\n}}\n'
    "{extra}"
    'resource "alicloud_kms_key" "k" {{\n  {meta}key_spec = {expr}\n'
    '  pending_window_in_days = 7\n  protection_level = "SOFTWARE"\n}}\n'
)


@pytest.mark.parametrize(
    "expr,derived",
    [
        ("upper(var.spec)", SECRET.upper()),
        ("lower(var.spec)", SECRET.lower()),
        ('"x-${var.spec}-y"', f"x-{SECRET}-y"),
        ('"${upper(var.spec)}!"', f"{SECRET.upper()}!"),
        ("substr(var.spec, 3, 12)", SECRET[3:15]),
        ('replace(var.spec, "-", "_")', SECRET.replace("-", "_")),
        ("base64encode(var.spec)", base64.b64encode(SECRET.encode()).decode()),
        ('join("", reverse(split("-", var.spec)))', "".join(reversed(SECRET.split("-")))),
        ('trimprefix(var.spec, "TOP")', SECRET[3:]),
    ],
)
def test_a_value_derived_from_an_environment_secret_is_never_quoted(
    tmp_path: Path, expr: str, derived: str
) -> None:
    main = KEY.format(type="string", extra="", meta="", expr=expr)
    repo = write_module(tmp_path / "repo", {"main.tf": main})
    code, text_out = outputs(repo, env={"TF_VAR_spec": SECRET})
    assert code == 1  # KMS007: the spec is not one KMS knows
    assert "KMS007" in text_out
    assert derived not in text_out
    assert SECRET not in text_out
    assert "TF_VAR_spec" in text_out  # the message still says where the value came from


def test_an_instance_key_derived_from_a_secret_is_never_quoted(tmp_path: Path) -> None:
    main = KEY.format(
        type="string",
        extra="",
        meta="for_each = toset([lower(var.spec)])\n  ",
        expr='"Aliyun_AES_256"',
    )
    repo = write_module(tmp_path / "repo", {"main.tf": main})
    code, text_out = outputs(repo, env={"TF_VAR_spec": SECRET})
    assert code == 0
    assert SECRET.lower() not in text_out
    assert 'alicloud_kms_key.k[\\"(value of TF_VAR_spec)\\"]' in text_out  # JSON's escaped form


def test_strings_inside_a_complex_environment_value_are_never_quoted(tmp_path: Path) -> None:
    main = KEY.format(
        type="map(string)", extra="", meta="", expr='lookup(var.spec, "signing", "EC_P256")'
    )
    repo = write_module(tmp_path / "repo", {"main.tf": main})
    code, text_out = outputs(repo, env={"TF_VAR_spec": f'{{signing = "{SECRET}"}}'})
    assert code == 1
    assert SECRET not in text_out
