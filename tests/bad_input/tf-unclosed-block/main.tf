resource "alicloud_kms_key" "k" {
  key_spec = "Aliyun_AES_256"
