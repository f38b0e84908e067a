# Worked example 3 of "Billing of KMS 1.0": one advanced HSM key (EC_P256) used to sign
# 100,000 times a month in Singapore.
provider "alicloud" {
  region = "ap-southeast-1"
}

resource "alicloud_kms_key" "signing" {
  description            = "release signing key"
  key_spec               = "EC_P256"
  key_usage              = "SIGN/VERIFY"
  protection_level       = "HSM"
  pending_window_in_days = 7
}
