"""JSON entries of KMS instances and secrets in the report's ``resources[]``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kmslint.billing.costs import InstanceCost, Quota, SecretCost
from kmslint.model import INSTANCE
from kmslint.money import money_str, number_str

KMS1_SECRET_NOTE = "KMS 1.0 secret fees are not in the price book: not priced"
NOT_IN_SCAN_NOTE = "its instance is not priced: the secret's fee is not priced"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _key_quota(quota: Quota, month_days: int) -> dict[str, Any]:
    found: dict[str, Any] = {
        "limit": quota.limit,
        "used_month_1": quota.used_month_1,
        "used_horizon": quota.used_horizon,
    }
    if quota.limit is not None:
        crossed = quota.exceeded_day
        found["exceeded_month"] = None if crossed is None else crossed // month_days + 1
    return found


def quota_json(cost: InstanceCost, month_days: int) -> dict[str, Any]:
    peak = None if cost.peak_qps is None else number_str(cost.peak_qps)
    return {
        "keys": _key_quota(cost.key_quota, month_days),
        "secrets": {"limit": cost.secret_quota.limit, "used": cost.secret_quota.used_month_1},
        "qps": {"limit": cost.qps_quota.limit, "peak": peak, "units": cost.qps_units},
    }


def instance_json(cost: InstanceCost, month_days: int) -> dict[str, Any]:
    instance = cost.instance
    fee = cost.fee_by_month
    return {
        "address": instance.address,
        "type": instance.type,
        "project": instance.project,
        "file": instance.file,
        "line": instance.line,
        "region": instance.region,
        "billing_model": INSTANCE,
        "payment_type": instance.payment_type,
        "edition": instance.edition,
        "term_months": instance.term_months,
        "priced": cost.priced,
        "monthly_cost": _money(cost.monthly_cost),
        "hosting_cost": _money(cost.hosting_cost),
        "api_cost": money_str(Decimal(0)),
        "horizon_monthly_cost": _money(cost.horizon_monthly_cost),
        "horizon_total_cost": _money(cost.horizon_total_cost),
        "monthly_costs": [money_str(v) for v in cost.by_month or []],
        "instance_fee": None
        if fee is None
        else {"month_1": money_str(fee[0]), "horizon": money_str(fee[-1])},
        "members_cost": {
            "month_1": money_str(cost.members_by_month[0]),
            "horizon": money_str(cost.members_by_month[-1]),
        },
        "key_count": cost.key_count,
        "secret_count": cost.secret_count,
        "quota": quota_json(cost, month_days),
        "usage_known": cost.usage_known,
        "not_priced": list(cost.not_priced),
        "notes": [*instance.notes, *cost.notes],
    }


def secret_json(cost: SecretCost) -> dict[str, Any]:
    secret = cost.secret
    notes = list(secret.notes)
    if not cost.priced:
        notes.append(KMS1_SECRET_NOTE if secret.billing_model != INSTANCE else NOT_IN_SCAN_NOTE)
    return {
        "address": secret.address,
        "type": secret.type,
        "project": secret.project,
        "file": secret.file,
        "line": secret.line,
        "region": secret.region,
        "billing_model": secret.billing_model,
        "instance": secret.instance,
        "priced": cost.priced,
        "monthly_cost": _money(cost.monthly_cost),
        "horizon_monthly_cost": _money(cost.horizon_monthly_cost),
        "api_cost": money_str(Decimal(0)) if secret.billing_model == INSTANCE else None,
        "usage_known": True,
        "notes": notes,
    }
