# Worked example 1 of "Billing of KMS 1.0": 250 encrypted disks created a month with one
# user-created HSM basic key, about 3 KMS calls per disk, in Singapore.
provider "alicloud" {
  region = "ap-southeast-1"
}

variable "protection_level" {
  type    = string
  default = "HSM"
}

resource "alicloud_kms_key" "disks" {
  description            = "ECS disk encryption"
  key_spec               = "Aliyun_AES_256"
  protection_level       = var.protection_level
  pending_window_in_days = 7
}
