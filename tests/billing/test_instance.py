"""KMS instance billing (KMS3-PRICING.md): pay-as-you-go day by day, subscription, not priced."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kmslint.billing.costs import InstanceUsage
from kmslint.model import PAY_AS_YOU_GO, PENDING_DELETION
from tests.billing.support import instance, member, price, secret

PAYG = {"payment_type": PAY_AS_YOU_GO}


def test_payg_software_instance_three_keys_two_secrets_and_2_4_qps() -> None:
    keys = [member("k.rotating", 30), member("k.b"), member("k.c")]
    result = price(
        keys, [secret("s.a"), secret("s.b")], instance(**PAYG), InstanceUsage(Decimal("2.4"))
    )
    cost = result.instances[0]
    assert (cost.monthly_cost, cost.horizon_monthly_cost) == (Decimal("183.48"), Decimal("193.38"))
    assert cost.qps_units == 3
    assert [k.monthly_cost for k in result.keys] == [Decimal("0.90")] * 3
    assert result.keys[0].horizon_monthly_cost == Decimal("10.80")
    assert [k.api_cost for k in result.keys] == [Decimal(0)] * 3
    assert result.total("monthly_cost") == Decimal("183.48")  # members are not counted twice


def test_hardware_payg_instance_is_9_a_day_and_says_the_hsm_is_not_included() -> None:
    cost = price([], [], instance(edition="hardware", **PAYG), InstanceUsage(Decimal(0))).instances[
        0
    ]
    assert cost.monthly_cost == Decimal("270.00")
    assert any("Cloud HSM" in note and "not included" in note for note in cost.notes)


def test_pending_deletion_keys_are_free_in_a_payg_instance() -> None:
    gone = member("k.gone", status=PENDING_DELETION, billed_when_pending_deletion=False)
    result = price([gone], [], instance(**PAYG), InstanceUsage(Decimal(1)))
    assert result.keys[0].monthly_cost == Decimal(0)
    assert result.instances[0].monthly_cost == Decimal("150.00")


def test_calls_without_peak_qps_price_one_unit_as_a_lower_bound() -> None:
    key = member("k.a")
    cost = price([key], [], instance(**PAYG), calls={key.ref: Decimal(5000)}).instances[0]
    assert cost.qps_units == 1 and cost.usage_known
    assert cost.monthly_cost == Decimal("135.00") + Decimal("0.90") + Decimal("15.00")
    assert any("lower bound" in note for note in cost.notes)


def test_no_calls_and_no_peak_qps_leave_the_instance_a_floor() -> None:
    key = member("k.a")
    cost = price([key], [], instance(**PAYG), calls={key.ref: None}).instances[0]
    assert not cost.usage_known and cost.qps_units == 0
    assert cost.monthly_cost == Decimal("135.90")
    assert any("depends on usage" in note for note in cost.notes)


def test_subscription_is_500_a_month_and_the_key_quota_is_crossed_on_day_77() -> None:
    keys = [member(f"k[{i}]", 7) for i in range(90)]
    result = price(keys, [], instance())
    cost = result.instances[0]
    assert cost.monthly_series() == [Decimal(500)] * 12
    assert (cost.key_quota.limit, cost.key_quota.used_horizon) == (1000, 4680)
    assert cost.key_quota.exceeded_day == 77  # month 3
    assert all(k.monthly_cost == 0 for k in result.keys)


def test_non_default_sizes_are_not_priced_never_zero() -> None:
    cost = price([member("k.a")], [], instance(key_num=2000, spec=2000)).instances[0]
    assert not cost.priced and cost.monthly_cost is None
    assert cost.not_priced == [
        "key quota 2000 (above the default 1000)",
        "QPS spec 2000 (above the default 1000)",
    ]


def test_a_quoted_monthly_price_replaces_the_list_price() -> None:
    usage = InstanceUsage(monthly_price_usd=Decimal("1234.5"))
    cost = price([], [], instance(key_num=2000), usage).instances[0]
    assert cost.priced and cost.monthly_cost == Decimal("1234.5")


def test_the_basic_edition_product_version_5_is_not_priced() -> None:
    cost = price([], [], instance(product_version="5", **PAYG)).instances[0]
    assert cost.monthly_cost is None
    assert cost.not_priced == [
        'product_version "5" (the basic software edition; price not published)'
    ]


@settings(max_examples=60, deadline=None)
@given(
    rotations=st.lists(st.one_of(st.none(), st.integers(7, 365)), min_size=0, max_size=12),
    secrets=st.integers(0, 5),
    peak=st.decimals(0, 50, places=2),
    months=st.integers(1, 24),
)
def test_per_key_and_secret_shares_add_up_to_the_instance_total(
    rotations: list[int | None], secrets: int, peak: Decimal, months: int
) -> None:
    keys = [member(f"k[{i}]", days) for i, days in enumerate(rotations)]
    held = [secret(f"s[{i}]") for i in range(secrets)]
    result = price(keys, held, instance(**PAYG), InstanceUsage(peak), months=months)
    cost = result.instances[0]
    assert cost.by_month is not None and cost.fee_by_month is not None
    for month in range(months):
        shares = sum((k.hosting_by_month[month] for k in result.keys), Decimal(0))
        shares += sum((s.by_month[month] for s in result.secrets if s.by_month), Decimal(0))
        assert cost.fee_by_month[month] + shares == cost.by_month[month]
    assert result.total("horizon_total_cost") == cost.horizon_total_cost
