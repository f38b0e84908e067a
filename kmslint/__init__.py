"""kmslint: a cost linter for Alibaba Cloud KMS keys declared in Terraform and ROS."""

__version__ = "0.1.0"
