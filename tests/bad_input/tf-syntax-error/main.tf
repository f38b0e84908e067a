resource "alicloud_kms_key" "k" {
  key_spec = = "x"
}
