# Worked example 2 of "Billing of KMS 1.0": OSS client-side envelope encryption with one HSM
# basic key: 10,000 objects uploaded (GenerateDataKey) and 2,000,000 reads (Decrypt) a month.
provider "alicloud" {
  region = "ap-southeast-1"
}

resource "alicloud_kms_key" "oss" {
  description            = "OSS client-side envelope encryption"
  protection_level       = "HSM"
  pending_window_in_days = 7
}
