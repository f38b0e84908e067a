"""A 50-key tree for the HTML report tests: three projects, rotating and HSM keys, a KMS
instance with keys and secrets, and a key whose for_each name is an HTML tag."""

from __future__ import annotations

from pathlib import Path

from tests.formatters.scenarios import key, tree

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_KEY = f'resource "alicloud_kms_key" "x" {{\n  for_each = toset(["{HOSTILE_NAME}"])\n}}\n'
INSTANCE = """
resource "alicloud_kms_instance" "main" {
  payment_type    = "PayAsYouGo"
  product_version = "3"
  vpc_id          = "vpc-example"
  zone_ids        = ["ap-southeast-1a", "ap-southeast-1b"]
  vswitch_ids     = ["vsw-example"]
}

resource "alicloud_kms_key" "in_instance" {
  dkms_instance_id = alicloud_kms_instance.main.id
}

resource "alicloud_kms_secret" "db_password" {
  secret_name       = "db-password"
  secret_data       = "placeholder"
  version_id        = "v1"
  dkms_instance_id  = alicloud_kms_instance.main.id
  encryption_key_id = alicloud_kms_key.in_instance.id
}
"""
UNPRICED = 'resource "alicloud_kms_instance" "big" {\n  key_num = 5000\n}\n'


def fifty_keys(root: Path) -> Path:
    """``root`` holding ``payments`` (20 HSM keys rotating every 7 days, the hostile key),
    ``platform`` (15 keys rotating monthly, an instance, a secret and an unpriced instance)
    and ``legacy`` (12 software keys): 50 KMS keys in all."""
    payments = [key(f"pay{i:02}", rotation="7d", protection="HSM") for i in range(20)]
    tree(root / "payments", *payments, HOSTILE_KEY)
    platform = [key(f"plat{i:02}", rotation="30d") for i in range(15)]
    tree(root / "platform", *platform, INSTANCE, UNPRICED)
    tree(root / "legacy", *(key(f"old{i:02}") for i in range(13)))
    return root
