"""Terraform's own semantics, pinned without the binary: each expectation is what Terraform 1.11
planned for the same text (tests/differential runs the same cases against it when present)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import json_report, write_module


def resources(tmp_path: Path, main: str, *args: str, **files: str) -> dict[str, dict[str, Any]]:
    module = write_module(tmp_path / "m", {"main.tf": main, **files})
    report = json_report("estimate", module, *args)
    return {r["address"]: r for r in report["resources"]}


def fields(resource: dict[str, Any]) -> tuple[str, str, str, str | None]:
    return (
        resource["key_spec"],
        resource["protection_level"],
        resource["status"],
        resource["rotation_interval"],
    )


def test_var_on_untyped_or_primitive_variables_is_a_literal_string(tmp_path: Path) -> None:
    main = """
variable "env" {}
variable "tier" { type = string }
resource "alicloud_kms_key" "k" {
  key_spec = var.env == "prod" ? "Aliyun_SM4" : "Aliyun_AES_256"
  protection_level = var.tier == "2" ? "HSM" : "SOFTWARE"
}
"""
    found = resources(tmp_path, main, "--var", "env=prod", "--var", "tier=2")
    key = found["alicloud_kms_key.k"]
    assert (key["key_spec"], key["protection_level"]) == ("Aliyun_SM4", "HSM")
    assert key["notes"] == [n for n in key["notes"] if "could not be resolved" not in n]


def test_tf_var_environment_is_literal_for_primitives(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": """
variable "a" {}
resource "alicloud_kms_key" "k" {
  key_spec = "${var.a}x"
}
"""
        },
    )
    report = json_report("estimate", module, env={"TF_VAR_a": "1.50"})
    assert report["resources"][0]["key_spec"] == "1.50x"  # not the number 1.5


def test_var_and_var_file_apply_in_command_line_order(tmp_path: Path) -> None:
    main = """
variable "x" { default = "d" }
resource "alicloud_kms_key" "k" {
  key_spec = var.x
}
"""
    module = write_module(tmp_path / "m", {"main.tf": main, "f.tfvars": 'x = "file"\n'})
    var_file = str(module / "f.tfvars")
    later_file = json_report("estimate", module, "--var", "x=cli", "--var-file", var_file)
    later_var = json_report("estimate", module, "--var-file", var_file, "--var", "x=cli")
    assert later_file["resources"][0]["key_spec"] == "file"
    assert later_var["resources"][0]["key_spec"] == "cli"


def test_auto_tfvars_and_json_are_read_in_one_lexical_order(tmp_path: Path) -> None:
    main = """
variable "x" { default = "d" }
resource "alicloud_kms_key" "k" {
  key_spec = var.x
}
"""
    found = resources(
        tmp_path,
        main,
        **{"a.auto.tfvars.json": '{"x": "json"}', "b.auto.tfvars": 'x = "hcl"\n'},
    )
    assert found["alicloud_kms_key.k"]["key_spec"] == "hcl"


def test_strip_markers_trim_as_terraform_does(tmp_path: Path) -> None:
    main = """
locals {
  names = ["a", "b"]
  flush = <<-EOT
    %{ for n in local.names ~}
    ${n}
    %{ endfor ~}
  EOT
}
resource "alicloud_kms_key" "k" {
  key_spec = local.flush
  status = "x %{~ if true ~} y %{~ else ~} z %{~ endif ~} w"
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert (key["key_spec"], key["status"]) == ("    a\n    b\n", "xyw")


def test_null_input_to_a_non_nullable_variable_takes_the_default(tmp_path: Path) -> None:
    main = 'module "m" {\n  source = "./child"\n  spec = null\n}\n'
    child = """
variable "spec" {
  default = "Aliyun_SM4"
  nullable = false
}
resource "alicloud_kms_key" "k" {
  key_spec = var.spec
}
"""
    found = resources(tmp_path, main, **{"child/main.tf": child})
    assert found["module.m.alicloud_kms_key.k"]["key_spec"] == "Aliyun_SM4"


def test_sets_dedupe_and_order_strings_lexically_and_numbers_numerically(tmp_path: Path) -> None:
    main = """
variable "n" {
  type = set(number)
  default = [10, 9, 2, 10]
}
variable "s" {
  type = set(string)
  default = ["b", "a", "B", "b"]
}
resource "alicloud_kms_key" "k" {
  key_spec = join(",", var.s)
  status = join(",", [for n in var.n : n])
  automatic_rotation = "Enabled"
  rotation_interval = join(",", toset(["b", 1, "a"]))
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert (key["key_spec"], key["status"], key["rotation_interval"]) == (
        "B,a,b",
        "2,9,10",
        "1,a,b",
    )


def test_conditional_arms_unify_and_fractions_print_as_terraform(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_key" "k" {
  key_spec = true ? 1 : "x"
  status = "${5 / 2} ${1 / 3}"
  automatic_rotation = "Enabled"
  rotation_interval = 2.50
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert fields(key) == ("1", "SOFTWARE", "2.5 0." + "3" * 154 + "5", "2.5")


def test_instance_keys_with_quotes_and_backslashes_are_escaped(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_key" "k" {
  for_each = toset(["a\\"b", "c\\\\d"])
}
"""
    assert sorted(resources(tmp_path, main)) == [
        'alicloud_kms_key.k["a\\"b"]',
        'alicloud_kms_key.k["c\\\\d"]',
    ]


def test_splat_of_a_single_object_is_a_one_element_list(tmp_path: Path) -> None:
    main = """
locals {
  one = { spec = "Aliyun_SM4" }
}
resource "alicloud_kms_key" "k" {
  key_spec = join("", local.one[*].spec)
}
"""
    assert resources(tmp_path, main)["alicloud_kms_key.k"]["key_spec"] == "Aliyun_SM4"


def test_the_functions_real_modules_use_are_evaluated(tmp_path: Path) -> None:
    main = """
locals {
  l = ["b", "a", "c", "a"]
  y = yamldecode("a: 1\\nb: [x, y]\\n")
}
resource "alicloud_kms_key" "a" {
  key_spec = join("-", sort(distinct(local.l)))
  protection_level = upper(trimprefix(substr("xxsoftware", 0, 10), "xx"))
  status = format("%s%d", title("enabled"), index(local.l, "c"))
  automatic_rotation = startswith("Enabled", "En") && endswith("abc", "c") ? "Enabled" : "x"
  rotation_interval = "${sum([1, 2, 3])}${floor(1.5)}${ceil(1.5)}${abs(-2)}d"
}
resource "alicloud_kms_key" "b" {
  key_spec = join(",", formatlist("%s=%s", ["a", "b"], ["1", "2"]))
  protection_level = one(["HSM"])
  status = join(",", [for p in setproduct(["a"], ["x", "y"]) : join("", p)])
  automatic_rotation = alltrue([true, anytrue([false, true])]) ? "Enabled" : "x"
  rotation_interval = "${tostring(local.y.a)}${join("", reverse(slice(local.y.b, 0, 2)))}"
}
resource "alicloud_kms_key" "c" {
  key_spec = join(",", setunion(["b"], ["a", "b"]), setintersection(["a", "b"], ["b"]))
  protection_level = chomp("HSM\\n")
  status = trim("??Enabled??", "?")
  automatic_rotation = nonsensitive(sensitive("Enabled"))
  rotation_interval = "${parseint("ff", 16)}${signum(-3)}${pow(2, 3)}${strrev("ab")}${log(8, 2)}"
}
resource "alicloud_kms_key" "d" {
  key_spec = base64encode("Aliyun")
  protection_level = base64decode("SFNN")
  status = md5("x")
  automatic_rotation = "Enabled"
  rotation_interval = sha256("x")
}
resource "alicloud_kms_key" "e" {
  key_spec = "${uuidv5("dns", "example.com")} ${timeadd("2024-01-01T00:00:00Z", "36h")}"
  status = formatdate("YYYY-MM-DD hh:mm", "2024-02-03T04:05:06Z")
  automatic_rotation = "Enabled"
  rotation_interval = indent(2, "a\\nb")
}
resource "alicloud_kms_key" "f" {
  key_spec = jsonencode([chunklist(["a", "b", "c"], 2), transpose({ a = ["1", "2"], b = ["2"] })])
  status = join(",", coalescelist([], ["x"]), compact(["", "y"]))
  automatic_rotation = "Enabled"
  rotation_interval = yamlencode({ a = 1 })
}
"""
    found = {a.split(".")[-1]: fields(r) for a, r in resources(tmp_path, main).items()}
    assert found == {
        "a": ("a-b-c", "SOFTWARE", "Enabled2", "6122d"),
        "b": ("a=1,b=2", "HSM", "ax,ay", "1yx"),
        "c": ("a,b,b", "HSM", "Enabled", "255-18ba3"),
        "d": ("QWxpeXVu", "HSM", "9dd4e461268c8034f5c8564e155c67a6", _sha256_x()),
        "e": (
            "cfbff0d1-9375-5685-968c-48ce8b15ae17 2024-01-02T12:00:00Z",
            "SOFTWARE",
            "2024-02-03 04:05",
            "a\n  b",
        ),
        "f": ('[[["a","b"],["c"]],{"1":["a"],"2":["a","b"]}]', "SOFTWARE", "x,y", '"a": 1\n'),
    }


def _sha256_x() -> str:
    import hashlib

    return hashlib.sha256(b"x").hexdigest()


def test_timestamp_stays_unknown_with_a_note(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_key" "k" {
  protection_level = substr(timestamp(), 0, 3) == "HSM" ? "HSM" : "SOFTWARE"
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert key["protection_level"] == "HSM"
    assert any("timestamp() is known only after apply" in note for note in key["notes"])


def test_override_files_merge_into_the_blocks_they_name(tmp_path: Path) -> None:
    main = """
locals {
  spec = "Aliyun_AES_256"
}
variable "level" { default = "SOFTWARE" }
resource "alicloud_kms_key" "k" {
  count = 1
  key_spec = local.spec
  protection_level = var.level
  status = "Enabled"
}
"""
    override = """
locals {
  spec = "Aliyun_SM4"
}
variable "level" { default = "HSM" }
resource "alicloud_kms_key" "k" {
  count = 2
  status = "Disabled"
}
"""
    later = 'resource "alicloud_kms_key" "k" {\n  status = "Enabled"\n}\n'
    found = resources(tmp_path, main, **{"override.tf": override, "z_override.tf": later})
    assert {a: fields(r)[:3] for a, r in found.items()} == {
        "alicloud_kms_key.k[0]": ("Aliyun_SM4", "HSM", "Enabled"),
        "alicloud_kms_key.k[1]": ("Aliyun_SM4", "HSM", "Enabled"),
    }


def test_heredoc_interpolations_may_hold_quoted_strings(tmp_path: Path) -> None:
    # Strings with escapes inside the heredoc's interpolations: an internal error before
    # f9d53be. Terraform 1.11 (`terraform output -json`) gives "a \"q\" H\"S \\ b HSM x\\y\nz\n".
    main = r"""
locals {
  spec = <<-EOT
    a "q" ${upper("h\"s")} \ b %{ for x in ["HSM"] }${x}%{ endfor } ${join("\\", ["x", "y"])}${"\n"}z
  EOT
}
resource "alicloud_kms_key" "k" {
  key_spec = local.spec
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert key["key_spec"] == 'a "q" H"S \\ b HSM x\\y\nz\n'


def test_instance_keys_with_newlines_and_template_introducers_are_escaped(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_key" "k" {
  for_each = toset(["x\\ny", "$${a}"])
}
"""
    assert sorted(resources(tmp_path, main)) == [
        'alicloud_kms_key.k["$${a}"]',
        'alicloud_kms_key.k["x\\ny"]',
    ]


def test_found_by_the_generator_substr_fractions_and_tonumber(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_key" "k" {
  key_spec = "[${substr("abc", 5, 1)}]"
  status = "${0.25 / 3}${-1 * 0}"
  automatic_rotation = "Enabled"
  rotation_interval = try(tonumber(" 7"), "nan")
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert fields(key) == ("[]", "SOFTWARE", "0.0" + "8" + "3" * 152 + "4" + "-0", "nan")


def test_unary_minus_zero_keeps_its_sign_as_terraform_prints_it(tmp_path: Path) -> None:
    # terraform 1.x: "x${-0}" is "x-0", "x${-(-0)}" is "x0", -0 == 0 is true
    main = """
resource "alicloud_kms_key" "k" {
  key_spec = "x${-0}/${- 0.0}"
  status = "x${-(-0)}"
  automatic_rotation = "Enabled"
  rotation_interval = -0 == 0 ? "eq" : "ne"
}
"""
    key = resources(tmp_path, main)["alicloud_kms_key.k"]
    assert fields(key) == ("x-0/-0", "SOFTWARE", "x0", "eq")
