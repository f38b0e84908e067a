resource "alicloud_kms_key" "k" {}
