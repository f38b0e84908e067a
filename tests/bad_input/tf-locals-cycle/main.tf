locals {
  a = local.b
  b = local.c
  c = local.a
}
resource "alicloud_kms_key" "k" {
  protection_level = local.a
}
