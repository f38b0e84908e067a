# A pay-as-you-go software KMS instance in Singapore with three keys (one rotating every
# 30 days) and two secrets. Month 1: 4.5 + 3 x 0.03 + 2 x 0.013 + 3 QPS units x 0.5 = 6.116 a
# day, 183.48 a 30-day month; by month 12 the rotating key has 12 versions: 193.38.
provider "alicloud" {
  region = "ap-southeast-1"
}

resource "alicloud_kms_instance" "main" {
  payment_type    = "PayAsYouGo"
  product_version = "3"
  vpc_id          = "vpc-example"
  zone_ids        = ["ap-southeast-1a", "ap-southeast-1b"]
  vswitch_ids     = ["vsw-example"]
}

resource "alicloud_kms_key" "data" {
  description            = "application data key, rotated monthly"
  dkms_instance_id       = alicloud_kms_instance.main.id
  automatic_rotation     = "Enabled"
  rotation_interval      = "30d"
  pending_window_in_days = 7
}

resource "alicloud_kms_key" "backup" {
  description            = "backup encryption key"
  dkms_instance_id       = alicloud_kms_instance.main.id
  pending_window_in_days = 7
}

resource "alicloud_kms_key" "signing" {
  description            = "release signing key"
  dkms_instance_id       = alicloud_kms_instance.main.id
  key_spec               = "EC_P256"
  key_usage              = "SIGN/VERIFY"
  pending_window_in_days = 7
}

resource "alicloud_kms_secret" "db_password" {
  secret_name                   = "db-password"
  secret_data                   = "placeholder"
  version_id                    = "v1"
  dkms_instance_id              = alicloud_kms_instance.main.id
  encryption_key_id             = alicloud_kms_key.data.id
  force_delete_without_recovery = true
}

resource "alicloud_kms_secret" "api_token" {
  secret_name                   = "api-token"
  secret_data                   = "placeholder"
  version_id                    = "v1"
  dkms_instance_id              = alicloud_kms_instance.main.id
  encryption_key_id             = alicloud_kms_key.data.id
  force_delete_without_recovery = true
}
