resource "alicloud_kms_key" "k" {
  count = 100000000
}
