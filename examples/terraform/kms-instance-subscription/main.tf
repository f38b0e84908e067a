# A software subscription KMS instance (500 USD a month for the default size: 1,000 key
# versions, 1,000 QPS) holding 90 keys that rotate weekly. Every version uses one unit of key
# quota: 90 keys x 12 versions pass 1,000 on day 77 (month 3); by month 12 they need 4,680.
provider "alicloud" {
  region = "ap-southeast-1"
}

resource "alicloud_kms_instance" "main" {
  payment_type    = "Subscription"
  product_version = "3"
  spec            = 1000
  key_num         = 1000
  period          = 12
  vpc_id          = "vpc-example"
  zone_ids        = ["ap-southeast-1a", "ap-southeast-1b"]
  vswitch_ids     = ["vsw-example"]
}

resource "alicloud_kms_key" "tenant" {
  count                  = 90
  description            = "tenant ${count.index} data key"
  dkms_instance_id       = alicloud_kms_instance.main.id
  automatic_rotation     = "Enabled"
  rotation_interval      = "7d"
  pending_window_in_days = 7
}
