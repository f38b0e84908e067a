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

resource "alicloud_ecs_disk" "data" {
  zone_id    = "ap-southeast-1a"
  size       = 100
  category   = "cloud_essd"
  encrypted  = true
  kms_key_id = alicloud_kms_key.disks.id
}

# The same disks with a free service key: no key id, so KMS uses its own key at no charge.
resource "alicloud_ecs_disk" "scratch" {
  zone_id   = "ap-southeast-1a"
  size      = 100
  category  = "cloud_essd"
  encrypted = true
}
