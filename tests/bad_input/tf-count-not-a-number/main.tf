resource "alicloud_kms_key" "k" {
  count = "many"
}
