module "again" {
  source = "../tf-module-cycle"
}
resource "alicloud_kms_key" "k" {}
