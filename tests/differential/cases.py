"""Hand-written differential cases: the idioms real modules use, and past divergences."""

from __future__ import annotations

from tests.differential.twins import Case


def _case(label: str, main: str, **extra: object) -> Case:
    files = {"main.tf": main}
    files.update(extra.pop("files", {}))  # type: ignore[arg-type]
    return Case(label, files, **extra)  # type: ignore[arg-type]


HAND_WRITTEN = [
    _case(
        "var-literal-strings",
        """
variable "NS_env" {}
variable "NS_tier" { type = string }
resource "alicloud_kms_key" "NS_k" {
  key_spec = var.NS_env
  protection_level = var.NS_tier == "2" ? "HSM" : "SOFTWARE"
}
""",
        command_line=[("var", "NS_env=prod"), ("var", "NS_tier=2")],
    ),
    _case(
        "env-literal",
        """
variable "NS_a" {}
variable "NS_b" { type = number }
resource "alicloud_kms_key" "NS_k" {
  key_spec = "${var.NS_a}-${var.NS_b}"
}
""",
        env={"NS_a": "[1, 2", "NS_b": "7"},
    ),
    _case(
        "var-file-order",
        """
variable "NS_x" { default = "d" }
variable "NS_y" { default = "d" }
resource "alicloud_kms_key" "NS_k" {
  key_spec = var.NS_x
  status = var.NS_y
}
""",
        files={"NS_f.tfvars": 'NS_x = "file"\nNS_y = "file"\n'},
        command_line=[("var", "NS_x=cli"), ("var-file", "NS_f.tfvars")],
    ),
    _case(
        "auto-tfvars-lexical",
        """
variable "NS_x" { default = "d" }
resource "alicloud_kms_key" "NS_k" {
  key_spec = var.NS_x
}
""",
        files={
            "NS_a.auto.tfvars.json": '{"NS_x": "json"}',
            "NS_b.auto.tfvars": 'NS_x = "hcl"\n',
        },
    ),
    _case(
        "strip-markers",
        """
locals {
  NS_names = ["a", "b", "c"]
  NS_spec = <<-EOT
    %{ for n in local.NS_names ~}
    ${n}
    %{ endfor ~}
  EOT
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = local.NS_spec
  status = "x %{~ if true ~} y %{~ else ~} z %{~ endif ~} w"
}
""",
    ),
    _case(
        "interpolation-strip-markers",
        """
locals {
  NS_list = ["p", "q"]
  NS_spec = <<-EOT
    %{ for v in local.NS_list }
    - ${~ v ~}
    %{ endfor }
    a ${ "x" ~}

      b ${~ upper("c") }
  EOT
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = local.NS_spec
  protection_level = "  ${~ "HSM" ~}  "
  status = "a \\n\\t ${~ "b"}\\n c ${ "d" ~} \\n e"
  automatic_rotation = "${~"Enabled"~}"
}
""",
    ),
    _case(
        "nullable-false",
        """
module "NS_m" {
  source = "./NS_m"
  spec = null
}
""",
        files={
            "NS_m/main.tf": """
variable "spec" {
  default = "Aliyun_SM4"
  nullable = false
}
resource "alicloud_kms_key" "k" {
  key_spec = var.spec
}
"""
        },
    ),
    _case(
        "sets-order",
        """
variable "NS_n" {
  type = set(number)
  default = [10, 9, 2, 10]
}
variable "NS_s" {
  type = set(string)
  default = ["b", "a", "B", "b"]
}
resource "alicloud_kms_key" "NS_k" {
  for_each = toset([for n in var.NS_n : tostring(n)])
  key_spec = join(",", var.NS_s)
  status = join(",", [for n in var.NS_n : n])
}
""",
    ),
    _case(
        "conditional-unify-numbers",
        """
locals {
  NS_half = 5 / 2
  NS_third = 1 / 3
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = true ? 1 : "x"
  protection_level = "${local.NS_half}"
  status = local.NS_third
  rotation_interval = 2.50
}
""",
    ),
    _case(
        "escaped-instance-keys",
        """
resource "alicloud_kms_key" "NS_k" {
  for_each = toset(["a\\"b", "c\\\\d"])
  key_spec = each.key
}
""",
    ),
    _case(
        "splat-non-list",
        """
locals {
  NS_one = { spec = "Aliyun_SM4" }
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = join("", local.NS_one[*].spec)
}
""",
    ),
    _case(
        "functions",
        """
locals {
  NS_l = ["b", "a", "c", "a"]
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = join("-", sort(distinct(local.NS_l)))
  protection_level = upper(trimprefix(substr("xxsoftware", 0, 10), "xx"))
  status = format("%s%d", title("enabled"), index(local.NS_l, "c"))
  automatic_rotation = startswith("Enabled", "En") && endswith("abc", "c") ? "Enabled" : "Disabled"
  rotation_interval = "${sum([1, 2, 3])}${floor(1.5)}${ceil(1.5)}${abs(-2)}d"
}
""",
    ),
    _case(
        "functions-2",
        """
locals {
  NS_y = yamldecode("a: 1\\nb: [x, y]\\n")
}
resource "alicloud_kms_key" "NS_k" {
  key_spec = join(",", formatlist("%s=%s", ["a", "b"], ["1", "2"]))
  protection_level = one(["HSM"])
  status = join(",", [for p in setproduct(["a"], ["x", "y"]) : join("", p)])
  automatic_rotation = tostring(local.NS_y.a)
  rotation_interval = join("", reverse(slice(local.NS_y.b, 0, 2)))
}
""",
    ),
    _case(
        "functions-3",
        """
resource "alicloud_kms_key" "NS_k" {
  key_spec = join(",", setunion(["b"], ["a", "b"]), setintersection(["a", "b"], ["b"]))
  protection_level = chomp("HSM\\n")
  status = trim("??Enabled??", "?")
  automatic_rotation = alltrue([true, anytrue([false, true])]) ? "Enabled" : "x"
  rotation_interval = "${parseint("ff", 16)}${signum(-3)}${pow(2, 3)}${strrev("ab")}"
}
""",
    ),
    _case(
        "functions-4",
        """
resource "alicloud_kms_key" "NS_k" {
  key_spec = base64encode("Aliyun")
  protection_level = base64decode("SFNN")
  status = md5("x")
  automatic_rotation = sha1("x")
  rotation_interval = sha256("x")
}
""",
    ),
    _case(
        "functions-5",
        """
resource "alicloud_kms_key" "NS_k" {
  key_spec = uuidv5("dns", "example.com")
  protection_level = timeadd("2024-01-01T00:00:00Z", "36h")
  status = formatdate("YYYY-MM-DD hh:mm", "2024-02-03T04:05:06Z")
  automatic_rotation = nonsensitive(sensitive("Enabled"))
  rotation_interval = indent(2, "a\\nb")
}
""",
    ),
    _case(
        "functions-6",
        """
resource "alicloud_kms_key" "NS_k" {
  key_spec = jsonencode(chunklist(["a", "b", "c"], 2))
  protection_level = jsonencode(transpose({ a = ["1", "2"], b = ["2"] }))
  status = join(",", coalescelist([], ["x"]), compact(["", "y"]))
  automatic_rotation = yamlencode({ a = 1 })
  rotation_interval = "${log(8, 2)}"
}
""",
    ),
    _case(
        "count-from-module-output",
        """
module "NS_m" {
  source = "./NS_m"
  count = 2
  name = "n${count.index}"
}
resource "alicloud_kms_key" "NS_k" {
  count = length(module.NS_m)
  key_spec = module.NS_m[count.index].spec
}
""",
        files={
            "NS_m/main.tf": """
variable "name" {}
output "spec" { value = upper(var.name) }
"""
        },
    ),
    _case(
        "override-files",
        """
locals {
  NS_spec = "Aliyun_AES_256"
}
variable "NS_level" { default = "SOFTWARE" }
resource "alicloud_kms_key" "NS_k" {
  count = 1
  key_spec = local.NS_spec
  protection_level = var.NS_level
  status = "Enabled"
}
""",
        files={
            "NS_override.tf": """
locals {
  NS_spec = "Aliyun_SM4"
}
variable "NS_level" { default = "HSM" }
resource "alicloud_kms_key" "NS_k" {
  count = 2
}
"""
        },
    ),
    _case(
        "json-syntax",
        "",
        files={
            "NS_main.tf.json": """{
  "//": "Terraform's JSON syntax",
  "variable": {"NS_n": {"default": 2}, "NS_names": {"default": ["b", "a"]}},
  "locals": {"NS_spec": "Aliyun_${upper(\\"sm4\\")}"},
  "resource": {
    "alicloud_kms_key": {
      "NS_k": {
        "count": "${var.NS_n}",
        "key_spec": "${local.NS_spec}",
        "protection_level": "HSM",
        "status": "%{ for n in var.NS_names }${n}%{ endfor }"
      },
      "NS_e": {
        "for_each": "${toset(var.NS_names)}",
        "key_spec": "${each.key}-x",
        "rotation_interval": 7
      }
    }
  }
}
"""
        },
    ),
]
