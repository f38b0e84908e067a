# KMS 1.0 keys in two regions, to be moved into KMS instances: `kmslint migrate` prints, per
# region, the key quota and batches a target instance needs and what each option costs.
provider "alicloud" {
  region = "ap-southeast-1"
}

provider "alicloud" {
  alias  = "hangzhou"
  region = "cn-hangzhou"
}

# A software key that rotates every 90 days and already has 3 versions (usage file).
resource "alicloud_kms_key" "app" {
  description            = "application data key"
  automatic_rotation     = "Enabled"
  rotation_interval      = "90d"
  pending_window_in_days = 7
}

# An HSM key for disk encryption: in a software instance it loses HSM protection.
resource "alicloud_kms_key" "disks" {
  description            = "disk encryption key"
  protection_level       = "HSM"
  pending_window_in_days = 7
}

# An advanced HSM signing key.
resource "alicloud_kms_key" "signing" {
  description            = "release signing key"
  key_spec               = "EC_P256"
  key_usage              = "SIGN/VERIFY"
  protection_level       = "HSM"
  pending_window_in_days = 7
}

# Rotation every 730 days is allowed in KMS 1.0, not in a software instance (7-365 days).
resource "alicloud_kms_key" "archive" {
  description            = "archive key"
  automatic_rotation     = "Enabled"
  rotation_interval      = "730d"
  pending_window_in_days = 7
}

# An SM4 key in Hangzhou: only a hardware instance holds Aliyun_SM4.
resource "alicloud_kms_key" "gm" {
  provider               = alicloud.hangzhou
  description            = "SM4 key for a domestic workload"
  key_spec               = "Aliyun_SM4"
  protection_level       = "HSM"
  pending_window_in_days = 7
}
