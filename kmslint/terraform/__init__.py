"""Terraform HCL and plan JSON loading."""
