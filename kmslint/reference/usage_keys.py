"""What the structural keys of ``kmslint-usage.yml`` mean (the usage fields themselves, with
their help, are in ``kmslint/data/usage_fields.yaml``). Checked against ``kmslint.usage``."""

from __future__ import annotations

from kmslint.reference.config_keys import checked
from kmslint.usage import ACCOUNT_FIELDS, DEFAULT_FIELDS, TOP_LEVEL

TOP_LEVEL_HELP = {
    "version": "the file format version: 1",
    "defaults": "scan-wide defaults: region, month_days, horizon_months, billing_model, instance",
    "account": "facts about the account outside this code",
    "parameters": "free-form values for your own rules (not read by the built-in ones)",
    "resource_type_default_usage": (
        "usage fields per resource type (e.g. alicloud_kms_key), for every resource of the type"
    ),
    "resource_usage": "usage fields per address; `[*]` matches any index (type default < wildcard < exact address)",
}
DEFAULTS_HELP = {
    "region": "region of keys whose provider gives none (e.g. ap-southeast-1)",
    "month_days": "days in a billing month (default: the price book's, 30)",
    "horizon_months": "months the report projects rotation growth over (default 12)",
    "billing_model": "kms1 (KMS 1.0 per key) or instance (keys hosted in a KMS instance)",
    "instance": "with billing_model instance: the instance's address or id that hosts the keys",
}
ACCOUNT_HELP = {
    "existing_advanced_hsm_versions": (
        "advanced-HSM key versions the account has outside this code "
        "(they count towards the 2,000-version tier)"
    ),
}


def top_level() -> dict[str, str]:
    return checked(TOP_LEVEL_HELP, TOP_LEVEL, "usage file keys")


def defaults() -> dict[str, str]:
    return checked(DEFAULTS_HELP, DEFAULT_FIELDS, "usage file defaults")


def account() -> dict[str, str]:
    return checked(ACCOUNT_HELP, ACCOUNT_FIELDS, "usage file account keys")
