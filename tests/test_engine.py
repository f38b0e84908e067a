"""The cost engine against SPEC.md's cost model and the core issue's figures."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from kmslint.engine import Period, estimate
from kmslint.model import DISABLED, Key, SourceRange
from kmslint.pricebook import load_price_book
from kmslint.terraform.keys import parse_interval

BOOK = load_price_book()
YEAR = Period(months=12, month_days=30)


def make_key(
    name: str = "k",
    *,
    spec: str = "Aliyun_AES_256",
    protection: str = "HSM",
    region: str = "ap-southeast-1",
    rotation: str | None = None,
    extra_versions: int = 0,
    status: str = "Enabled",
    usage: str = "ENCRYPT/DECRYPT",
) -> Key:
    key = Key(
        address=f"alicloud_kms_key.{name}",
        type="alicloud_kms_key",
        source=SourceRange("main.tf", 1),
        key_spec=spec,
        key_usage=usage,
        protection_level=protection,
        region=region,
        status=status,
        extra_versions=extra_versions,
    )
    if rotation:
        key.rotation_enabled = True
        key.rotation_interval = rotation
        key.rotation_interval_days = parse_interval(rotation)
    return key


def test_hsm_basic_key_with_30_day_rotation_grows_month_by_month() -> None:
    cost = estimate([make_key(rotation="30d")], {}, YEAR, BOOK).keys[0]
    assert cost.hosting_by_month[0] == Decimal("0.99")
    assert cost.hosting_by_month[11] == Decimal("11.88")
    assert cost.horizon_total_cost == Decimal("77.22")
    assert (cost.versions_month_1, cost.versions_horizon) == (1, 12)


def test_software_key_with_7_day_rotation_pays_80_version_days_in_month_1() -> None:
    cost = estimate([make_key(protection="SOFTWARE", rotation="7d")], {}, YEAR, BOOK).keys[0]
    assert cost.hosting_cost == Decimal("0.16")
    assert cost.versions_month_1 == 5


def test_rotation_interval_in_seconds_and_hours_is_the_same_as_days() -> None:
    by_days = estimate([make_key(rotation="30d")], {}, YEAR, BOOK).keys[0]
    by_seconds = estimate([make_key(rotation="2592000s")], {}, YEAR, BOOK).keys[0]
    by_hours = estimate([make_key(rotation="720h")], {}, YEAR, BOOK).keys[0]
    assert by_days.hosting_by_month == by_seconds.hosting_by_month == by_hours.hosting_by_month


def test_fractional_rotation_interval_counts_whole_days() -> None:
    # 36h: versions on day d are 1 + floor(d / 1.5): days 0,1 -> 1; 2 -> 2; 3,4 -> 3 ...
    assert parse_interval("36h") == Fraction(3, 2)
    cost = estimate([make_key(protection="SOFTWARE", rotation="36h")], {}, Period(1, 3), BOOK).keys[
        0
    ]
    assert cost.hosting_cost == Decimal("0.002") * (1 + 1 + 2)


def test_2100_advanced_hsm_versions_cost_5079_a_month() -> None:
    keys = [
        make_key(f"k{i}", spec="EC_P256", usage="SIGN/VERIFY", extra_versions=20)
        for i in range(100)
    ]
    result = estimate(keys, {}, Period(1, 30), BOOK)
    assert result.total("hosting_cost") == Decimal("5079.00")
    assert sum(c.hosting_cost for c in result.keys) == Decimal("5079.00")


def test_30_versions_on_top_of_1990_existing_cost_44_70() -> None:
    key = make_key(spec="RSA_3072", extra_versions=29)
    result = estimate([key], {}, Period(1, 30), BOOK, existing_advanced_hsm_versions=1990)
    assert result.keys[0].hosting_cost == Decimal("44.70")


def test_tier_shares_are_proportional_and_add_up_to_the_total() -> None:
    keys = [
        make_key("a", spec="EC_P256", extra_versions=1999),
        make_key("b", spec="EC_P256"),
        make_key("c", spec="EC_P256"),
    ]
    result = estimate(keys, {}, Period(1, 30), BOOK)
    # 2002 versions a day: 2000 x 0.083 + 2 x 0.033 = 166.066 a day, 4981.98 a month
    assert result.total("hosting_cost") == Decimal("4981.98")
    a, b, c = (k.hosting_cost for k in result.keys)
    assert a + b + c == Decimal("4981.98")
    assert b == c and a > 1999 * b


def test_disabled_keys_are_billed() -> None:
    cost = estimate([make_key(status=DISABLED)], {}, Period(1, 30), BOOK).keys[0]
    assert cost.hosting_cost == Decimal("0.99")


def test_software_advanced_key_pays_software_hosting_and_advanced_call_rates() -> None:
    key = make_key(spec="EC_P256", protection="SOFTWARE", usage="SIGN/VERIFY")
    cost = estimate([key], {key.address: Decimal(10000)}, Period(1, 30), BOOK).keys[0]
    assert cost.hosting_cost == Decimal("0.06")
    assert cost.api_cost == Decimal("0.15")


def test_rsa_2048_is_basic() -> None:
    key = make_key(spec="RSA_2048", usage="SIGN/VERIFY")
    cost = estimate([key], {key.address: Decimal(10000)}, Period(1, 30), BOOK).keys[0]
    assert cost.classification.key_class == "basic"
    assert (cost.hosting_cost, cost.api_cost) == (Decimal("0.99"), Decimal("0.03"))


def test_mainland_and_outside_call_rates_follow_the_region() -> None:
    mainland = make_key("m", region="cn-hangzhou")
    outside = make_key("o", region="cn-hongkong")
    calls = {mainland.address: Decimal(10000), outside.address: Decimal(10000)}
    result = estimate([mainland, outside], calls, Period(1, 30), BOOK)
    assert [c.api_cost for c in result.keys] == [Decimal("0.08"), Decimal("0.03")]


def test_unknown_usage_is_none_not_zero() -> None:
    cost = estimate([make_key()], {}, Period(1, 30), BOOK).keys[0]
    assert cost.api_cost is None and not cost.usage_known
    assert cost.monthly_cost == Decimal("0.99")


def test_dedicated_instance_and_real_pending_deletion_keys_cost_nothing() -> None:
    dedicated = make_key("d")
    dedicated.dkms_instance_id = "kst-123"
    pending = make_key("p", status="PendingDeletion")
    pending.billed_when_pending_deletion = False
    result = estimate([dedicated, pending], {}, Period(1, 30), BOOK)
    assert [c.monthly_cost for c in result.keys] == [Decimal(0), Decimal(0)]


def test_month_days_changes_the_month() -> None:
    cost = estimate([make_key()], {}, Period(1, 31), BOOK).keys[0]
    assert cost.hosting_cost == Decimal("1.023")
