"""Generate a synthetic Terraform monorepo: N root stacks, each with local modules and ordinary
network/compute/storage resources, KMS keys in a few of them.

    python benchmarks/generate_monorepo.py OUT_DIR [--stacks 60] [--keys 5]

Each stack has 10 files (4 in the root, 3 in each of two local modules), so 60 stacks make 600;
files average about 2 KB, the size of ordinary hand-written modules.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NETWORK = """
variable "name" {
  type = string
}
variable "cidr" {
  default = "10.0.0.0/16"
}
variable "zones" {
  type    = list(string)
  default = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]
}
resource "alicloud_vpc" "this" {
  vpc_name   = var.name
  cidr_block = var.cidr
}
resource "alicloud_vswitch" "this" {
  count        = length(var.zones)
  vpc_id       = alicloud_vpc.this.id
  cidr_block   = cidrsubnet(var.cidr, 8, count.index)
  zone_id      = var.zones[count.index]
  vswitch_name = "${var.name}-${count.index}"
}
resource "alicloud_security_group" "this" {
  name   = "${var.name}-sg"
  vpc_id = alicloud_vpc.this.id
}
resource "alicloud_nat_gateway" "this" {
  vpc_id           = alicloud_vpc.this.id
  nat_gateway_name = "${var.name}-nat"
  payment_type     = "PayAsYouGo"
  vswitch_id       = alicloud_vswitch.this[0].id
  nat_type         = "Enhanced"
}
resource "alicloud_eip_address" "nat" {
  address_name         = "${var.name}-nat-eip"
  isp                  = "BGP"
  internet_charge_type = "PayByTraffic"
  payment_type         = "PayAsYouGo"
}
resource "alicloud_eip_association" "nat" {
  allocation_id = alicloud_eip_address.nat.id
  instance_id   = alicloud_nat_gateway.this.id
}
resource "alicloud_snat_entry" "this" {
  count             = length(var.zones)
  snat_table_id     = alicloud_nat_gateway.this.snat_table_ids
  source_vswitch_id = alicloud_vswitch.this[count.index].id
  snat_ip           = alicloud_eip_address.nat.ip_address
}
resource "alicloud_route_table" "private" {
  vpc_id           = alicloud_vpc.this.id
  route_table_name = "${var.name}-private"
  associate_type   = "VSwitch"
}
resource "alicloud_security_group_rule" "https" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "443/443"
  security_group_id = alicloud_security_group.this.id
  cidr_ip           = "0.0.0.0/0"
}
"""

NETWORK_OUTPUTS = """
output "vpc_id" {
  value = alicloud_vpc.this.id
}
output "vswitch_ids" {
  value = alicloud_vswitch.this[*].id
}
output "security_group_id" {
  value = alicloud_security_group.this.id
}
"""

COMPUTE = """
variable "name" {}
variable "vswitch_ids" {
  type = list(string)
}
variable "security_group_id" {}
variable "instance_count" {
  default = 2
}
data "alicloud_images" "ubuntu" {
  name_regex = "^ubuntu_22"
  owners     = "system"
}
resource "alicloud_instance" "app" {
  count                = var.instance_count
  instance_name        = "${var.name}-${count.index}"
  instance_type        = "ecs.g7.large"
  image_id             = data.alicloud_images.ubuntu.images[0].id
  vswitch_id           = element(var.vswitch_ids, count.index)
  security_groups      = [var.security_group_id]
  system_disk_category = "cloud_essd"
  user_data            = <<-EOT
    #!/bin/bash
    set -euo pipefail
    # Bootstrap: install the agent, mount the data disk and register with the load balancer.
    apt-get update -y && apt-get install -y nginx jq curl unattended-upgrades
    mkdir -p /data && mount /dev/vdb /data || (mkfs.ext4 /dev/vdb && mount /dev/vdb /data)
    echo "/dev/vdb /data ext4 defaults,nofail 0 2" >> /etc/fstab
    curl -fsSL http://100.100.100.200/latest/meta-data/instance-id > /etc/instance-id
    systemctl enable --now nginx
    cat > /etc/nginx/conf.d/health.conf <<'CONF'
    server { listen 8080; location /health { return 200 "ok"; } }
    CONF
    systemctl reload nginx
  EOT
  tags = {
    team = "platform"
    env  = "prod"
  }
}
resource "alicloud_ecs_disk" "data" {
  count     = var.instance_count
  zone_id   = "cn-hangzhou-h"
  size      = 200
  category  = "cloud_essd"
  disk_name = "${var.name}-data-${count.index}"
}
resource "alicloud_oss_bucket" "assets" {
  bucket = "${var.name}-assets"
  acl    = "private"
}
"""

COMPUTE_OUTPUTS = """
output "instance_ids" {
  value = alicloud_instance.app[*].id
}
output "bucket" {
  value = alicloud_oss_bucket.assets.bucket
}
"""

ROOT_MAIN = """
provider "alicloud" {
  region = var.region
}
module "network" {
  source = "./modules/network"
  name   = local.name
  cidr   = var.cidr
}
module "compute" {
  source            = "./modules/compute"
  name              = local.name
  vswitch_ids       = module.network.vswitch_ids
  security_group_id = module.network.security_group_id
  instance_count    = var.instance_count
}
locals {
  name = "stack-{index:03d}"
}
{kms}
"""

ROOT_VARIABLES = """
variable "region" {
  default = "{region}"
}
variable "cidr" {
  default = "10.{index}.0.0/16"
}
variable "instance_count" {
  default = 2
}
"""

ROOT_OUTPUTS = """
output "vpc_id" {
  value = module.network.vpc_id
}
output "instances" {
  value = module.compute.instance_ids
}
"""

VERSIONS = """
terraform {
  required_version = ">= 1.3"
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = ">= 1.200.0"
    }
  }
}
"""

KMS = """
resource "alicloud_kms_key" "data" {
  description            = "stack {index} data key"
  protection_level       = "HSM"
  automatic_rotation     = "Enabled"
  rotation_interval      = "90d"
  pending_window_in_days = 7
}
resource "alicloud_ecs_disk" "secure" {
  zone_id    = "cn-hangzhou-h"
  size       = 100
  encrypted  = true
  kms_key_id = alicloud_kms_key.data.id
}
"""


def variables_file(names: list[tuple[str, str, str]]) -> str:
    """A module's variables.tf: every input with a type, a description and a validation."""
    blocks = []
    for name, kind, default in names:
        blocks.append(f'''
variable "{name}" {{
  type        = {kind}
  description = "The {name.replace("_", " ")} of this component. Changing it replaces the resources that use it, so plan carefully and coordinate with the owning team before applying."
  default     = {default}
  validation {{
    condition     = var.{name} != null
    error_message = "The {name.replace("_", " ")} must be set; see the module README for the accepted values and the defaults."
  }}
}}
''')
    return "".join(blocks)


MODULE_INPUTS = [
    ("environment", "string", '"prod"'),
    ("owner", "string", '"platform"'),
    ("cost_center", "string", '"cc-1024"'),
    ("instance_type", "string", '"ecs.g7.large"'),
    ("disk_category", "string", '"cloud_essd"'),
    ("disk_size", "number", "200"),
    ("enable_monitoring", "bool", "true"),
    ("backup_retention_days", "number", "7"),
    ("extra_tags", "map(string)", "{}"),
]


def write_stack(root: Path, index: int, with_key: bool) -> None:
    stack = root / "stacks" / f"stack-{index:03d}"
    region = "cn-hangzhou" if index % 2 else "ap-southeast-1"
    files = {
        "main.tf": ROOT_MAIN.replace("{index:03d}", f"{index:03d}").replace(
            "{kms}", KMS.replace("{index}", str(index)) if with_key else ""
        ),
        "variables.tf": ROOT_VARIABLES.replace("{region}", region).replace(
            "{index}", str(index % 250)
        )
        + variables_file(MODULE_INPUTS[:5]),
        "outputs.tf": ROOT_OUTPUTS,
        "versions.tf": VERSIONS,
        "modules/network/main.tf": NETWORK,
        "modules/network/outputs.tf": NETWORK_OUTPUTS,
        "modules/network/variables.tf": variables_file(MODULE_INPUTS),
        "modules/compute/main.tf": COMPUTE,
        "modules/compute/outputs.tf": COMPUTE_OUTPUTS,
        "modules/compute/variables.tf": variables_file(MODULE_INPUTS),
    }
    for name, text in files.items():
        path = stack / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip(), encoding="utf-8")


def generate(root: Path, stacks: int = 60, keys: int = 5) -> Path:
    step = max(1, stacks // max(1, keys))
    keyed = {i * step for i in range(keys)}
    for index in range(stacks):
        write_stack(root, index, index in keyed)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--stacks", type=int, default=60)
    parser.add_argument("--keys", type=int, default=5)
    args = parser.parse_args()
    generate(args.out, args.stacks, args.keys)
    print(
        f"{args.out}: {args.stacks} stacks, {sum(1 for _ in args.out.rglob('*.tf'))} .tf files, {args.keys} keys"
    )


if __name__ == "__main__":
    main()
