variable "p" {
  default = "HSM"
}
resource "alicloud_kms_key" "k" {
  protection_level = var.p
}
