"""The report document (``--format json``) as TypedDicts, one per object of report.schema.json.

Money is a decimal string, never a float. Each ``_...Required`` base holds the keys the schema
requires; the class built on it adds the optional ones (``diff`` and ``merge`` fields, project
labels). ``tests/test_report_document.py`` checks that the keys match the schema.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

Money = str  # "12.34": a non-negative decimal string with at least two decimals
SignedMoney = str  # "-1.50"


class PriceBookDoc(TypedDict):
    name: str
    effective_date: str
    source: str
    month_days: int
    assumptions: list[str]


class ModelTotalsDoc(TypedDict):
    monthly_cost: Money
    horizon_monthly_cost: Money


class _SummaryRequired(TypedDict):
    monthly_cost: Money
    hosting_cost: Money
    api_cost: Money
    horizon_months: int
    horizon_monthly_cost: Money
    horizon_total_cost: Money
    key_count: int
    usage_unknown_count: int


class SummaryDoc(_SummaryRequired, total=False):
    count_unknown_count: int  # keys of an unresolved count/for_each: the totals are a floor
    base_monthly_cost: Money
    monthly_cost_delta: SignedMoney
    monthly_cost_delta_percent: str | None
    base_horizon_monthly_cost: Money
    horizon_monthly_cost_delta: SignedMoney
    base_key_count: int
    base_usage_unknown_count: int
    keys_added: int
    keys_removed: int
    keys_changed: int
    instance_count: int
    secret_count: int
    not_priced_count: int
    by_billing_model: dict[str, ModelTotalsDoc]


class ReferenceDoc(TypedDict):
    """A consumer or service key: a resource and where it is declared."""

    address: str
    type: str
    file: str
    line: int | None


class UnlinkedConsumerDoc(ReferenceDoc, total=False):
    notes: list[str]


class VersionsDoc(TypedDict):
    month_1: int
    horizon: int


class _ResourceRequired(TypedDict):
    address: str
    type: str
    file: str
    line: int | None
    key_spec: str
    key_class: Literal["basic", "advanced"]
    protection_level: Literal["SOFTWARE", "HSM"]
    region: str
    region_class: Literal["mainland", "outside"]
    versions: VersionsDoc
    monthly_cost: Money
    hosting_cost: Money
    api_cost: Money | None
    horizon_monthly_cost: Money
    usage_known: bool
    notes: list[str]


class ResourceDoc(_ResourceRequired, total=False):
    instances_known: bool  # false: an unresolved count/for_each, the cost is a floor
    project: str
    key_usage: str | None
    status: str | None
    rotation_interval: str | None
    monthly_calls: str | None
    horizon_total_cost: Money
    monthly_costs: list[Money]
    billed: bool
    tags: dict[str, Any]
    consumers: list[ReferenceDoc]
    change: Literal["added", "removed", "changed", "unchanged"]
    base_monthly_cost: Money | None
    monthly_cost_delta: SignedMoney
    base_horizon_monthly_cost: Money | None
    horizon_monthly_cost_delta: SignedMoney
    base_hosting_cost: Money | None
    base_api_cost: Money | None
    changes: list[dict[str, Any]]  # {"field", "base", "value"}
    billing_model: Literal["kms1", "instance"]
    instance: str | None


class _InstanceResourceRequired(TypedDict):
    address: str
    type: str
    file: str
    line: int | None
    billing_model: Literal["instance"]
    payment_type: Literal["PayAsYouGo", "Subscription"]
    edition: Literal["software", "hardware", "unknown"]
    priced: bool
    monthly_cost: Money | None
    horizon_monthly_cost: Money | None
    quota: dict[str, Any]  # {keys: {limit, used_month_1, used_horizon}, secrets, qps}
    notes: list[str]


class InstanceResourceDoc(_InstanceResourceRequired, total=False):
    """A KMS instance entry of ``resources[]``."""

    term_months: int | None
    horizon_total_cost: Money | None
    not_priced: list[str]
    project: str
    region: str
    hosting_cost: Money | None
    api_cost: Money
    monthly_costs: list[Money]
    instance_fee: dict[str, Money] | None
    members_cost: dict[str, Money]
    key_count: int
    secret_count: int
    usage_known: bool


class _SecretResourceRequired(TypedDict):
    address: str
    type: str
    file: str
    line: int | None
    billing_model: Literal["kms1", "instance"]
    priced: bool
    monthly_cost: Money | None
    notes: list[str]


class SecretResourceDoc(_SecretResourceRequired, total=False):
    """A KMS secret entry of ``resources[]``."""

    instance: str | None
    project: str
    region: str
    horizon_monthly_cost: Money | None
    api_cost: Money | None
    usage_known: bool


class _FindingRequired(TypedDict):
    rule_id: str
    severity: Literal["error", "warning", "info"]
    message: str
    address: str | None
    file: str | None
    line: int | None
    link: str


class FindingDoc(_FindingRequired, total=False):
    rule_name: str
    end_line: int | None
    suppressed: bool
    suppression_reason: str | None
    change: Literal["added", "unchanged", "removed"]


class DiagnosticDoc(TypedDict):
    file: str
    line: int | None
    message: str


class _SavingRequired(TypedDict):
    address: str
    kind: str
    description: str
    monthly_saving: SignedMoney
    horizon_monthly_saving: SignedMoney
    horizon_total_saving: SignedMoney


class SavingDoc(_SavingRequired, total=False):
    file: str
    line: int


class ProjectDoc(TypedDict):
    project: str
    usage_file: str | None
    config: str | None


class _BaseRequired(TypedDict):
    label: str


class BaseDoc(_BaseRequired, total=False):
    """kmslint diff: what the change was compared with."""

    ref: str
    commit: str
    report: str
    errors: list[DiagnosticDoc]


class _ReportRequired(TypedDict):
    version: Literal["1"]
    currency: str
    price_book: PriceBookDoc
    summary: SummaryDoc
    resources: list[ResourceDoc]
    findings: list[FindingDoc]
    errors: list[DiagnosticDoc]


class ReportDocument(_ReportRequired, total=False):
    notices: list[str]
    service_keys: list[ReferenceDoc]
    unlinked_consumers: list[UnlinkedConsumerDoc]
    savings: list[SavingDoc]
    resolved_findings: list[FindingDoc]
    projects: list[ProjectDoc]
    warnings: list[DiagnosticDoc]
    base: BaseDoc
