resource "alicloud_kms_key" "k" {
  for_each = {for i in range(50000) : tostring(i) => i}
}
