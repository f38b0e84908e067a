"""The one place built-in checks are registered: rule YAML names them with ``check:``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kmslint.findings import Finding
from kmslint.policy import checks_cost, checks_instances, checks_keys, checks_lifecycle
from kmslint.policy.context import CheckContext

CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A built-in check and the parameters it reads (a rule using it must define them)."""

    function: CheckFunction
    params: tuple[str, ...] = ()


CHECKS: dict[str, Check] = {
    "budget": Check(checks_cost.budget, ("monthly_usd", "horizon_monthly_usd")),
    "advanced_versions": Check(checks_cost.advanced_versions, ("max_versions",)),
    "rotation_cost_growth": Check(checks_cost.rotation_cost_growth, ("min_interval_days",)),
    "usage_missing": Check(checks_cost.usage_missing, ("example_calls",)),
    "unresolved_value": Check(checks_keys.unresolved_value),
    "unused_key": Check(checks_lifecycle.unused_key),
    "invalid_key_spec": Check(checks_keys.invalid_key_spec),
    "invalid_rotation": Check(checks_keys.invalid_rotation),
    "deletion_window": Check(checks_lifecycle.deletion_window, ("min_days", "max_days")),
    "region": Check(checks_keys.region, ("hsm_unavailable_regions",)),
    "billed_after_destroy": Check(checks_lifecycle.billed_after_destroy),
    "cost_increase": Check(
        checks_cost.cost_increase_check, ("max_increase_usd", "max_increase_percent")
    ),
    "service_key_suffices": Check(checks_cost.service_key_suffices, ("service_key_types",)),
    "instance_key_quota": Check(checks_instances.instance_key_quota),
    "instance_secret_quota": Check(checks_instances.instance_secret_quota),
    "instance_qps": Check(checks_instances.instance_qps),
    "instance_key_rules": Check(checks_instances.instance_key_rules),
}
