"""The KMS 1.0 price book: prices, key-spec classes and regions, read from a data file.

The product facts (specs, regions, defaults) are typed in ``kms.py``; loaders see this book only
through its ``KmsFacts`` view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kmslint.datafiles import load_package_yaml
from kmslint.kms import ADVANCED, KeySpec, Region


@dataclass(frozen=True)
class InstancePrices:
    """KMS instance prices (KMS3-PRICING.md), keyed by edition (``software`` / ``hardware``)."""

    name: str
    source: str
    effective_date: str
    kms1_end_of_service: str
    payg_instance_daily: dict[str, Decimal]
    payg_key_version_daily: Decimal
    payg_secret_daily: Decimal
    payg_qps_unit_daily: Decimal
    subscription_monthly: dict[str, Decimal]
    included_key_num: int
    included_spec: dict[str, int]
    included_vpc_num: int
    not_published: tuple[str, ...]
    rotation_min_days: int
    rotation_max_days: int
    key_specs: dict[str, tuple[str, ...]]
    migration_batch: int
    assumptions: tuple[str, ...]

    def header(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "effective_date": self.effective_date,
            "source": self.source,
            "kms1_end_of_service": self.kms1_end_of_service,
            "not_published": list(self.not_published),
            "assumptions": list(self.assumptions),
        }


def _instance_prices(data: dict[str, Any]) -> InstancePrices:
    payg, subscription = data["pay_as_you_go"], data["subscription"]
    included = subscription["included"]
    return InstancePrices(
        name=data["name"],
        source=" ".join(str(data["source"]).split()),
        effective_date=str(data["effective_date"]),
        kms1_end_of_service=str(data["kms1_end_of_service"]),
        payg_instance_daily={k: _money(v) for k, v in payg["instance"].items()},
        payg_key_version_daily=_money(payg["key_version"]),
        payg_secret_daily=_money(payg["secret"]),
        payg_qps_unit_daily=_money(payg["qps_unit"]),
        subscription_monthly={k: _money(v) for k, v in subscription["monthly"].items()},
        included_key_num=int(included["key_num"]),
        included_spec={k: int(v) for k, v in included["spec"].items()},
        included_vpc_num=int(included["vpc_num"]),
        not_published=tuple(data["not_published"]),
        rotation_min_days=int(data["rotation"]["min_days"]),
        rotation_max_days=int(data["rotation"]["max_days"]),
        key_specs={k: tuple(v) for k, v in data["key_specs"].items()},
        migration_batch=int(data["migration_batch"]),
        assumptions=tuple(data["assumptions"]),
    )


@dataclass(frozen=True)
class PriceBook:
    name: str
    source: str
    effective_date: str
    currency: str
    month_days: int
    calls_per_unit: int
    software_daily: Decimal
    hsm_basic_daily: Decimal
    advanced_tier_versions: int
    advanced_within_tier_daily: Decimal
    advanced_beyond_tier_daily: Decimal
    api_rates: dict[tuple[str, str], Decimal]
    billed_operations: tuple[str, ...]
    key_specs: dict[str, KeySpec]
    regions: dict[str, Region]
    defaults: dict[str, str]
    rotation_min_days: int
    rotation_max_days: int
    instances: InstancePrices
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def spec(self, name: str) -> KeySpec | None:
        return self.key_specs.get(name)

    def region(self, region_id: str) -> Region | None:
        return self.regions.get(region_id)

    def api_rate(self, key_class: str, region_class: str) -> Decimal:
        return self.api_rates[(key_class, region_class)]

    def most_expensive_spec(self, key_usage: str | None, rotating: bool = False) -> str:
        """The KMS 1.0 spec with the highest class that ``key_usage`` allows (for unknown specs).

        ``rotating``: only the specs that can rotate (symmetric), since KMS rejects rotation on
        the others and a rotating key grows by a version every interval.
        """
        candidates = [
            spec
            for spec in self.key_specs.values()
            if spec.kms1
            and not spec.mainland_hsm_only
            and (key_usage is None or key_usage in spec.usages)
            and (spec.symmetric or not rotating)
        ]
        advanced = [spec for spec in candidates if spec.key_class == ADVANCED]
        chosen = advanced or candidates
        return chosen[0].name if chosen else self.defaults["key_spec"]

    def header(self, month_days: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "effective_date": self.effective_date,
            "source": self.source,
            "month_days": month_days,
            "assumptions": list(self.assumptions),
        }


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def _parse(data: dict[str, Any]) -> PriceBook:
    hosting = data["hosting"]
    advanced = hosting["HSM"]["advanced"]
    rates = {
        (key_class, region_class): _money(rate)
        for key_class, by_region in data["api"].items()
        for region_class, rate in by_region.items()
    }
    specs = {
        name: KeySpec(
            name=name,
            key_class=entry["class"],
            symmetric=bool(entry["symmetric"]),
            kms1=bool(entry["kms1"]),
            usages=tuple(entry["usages"]),
            mainland_hsm_only=bool(entry.get("mainland_hsm_only", False)),
        )
        for name, entry in data["key_specs"].items()
    }
    regions = {
        region_id: Region(
            id=region_id,
            region_class=region_class,
            china_site_multiplier=_money(attrs["china_site_multiplier"])
            if attrs and "china_site_multiplier" in attrs
            else None,
        )
        for region_class, entries in data["regions"].items()
        for region_id, attrs in entries.items()
    }
    return PriceBook(
        name=data["name"],
        source=data["source"],
        effective_date=str(data["effective_date"]),
        currency=data["currency"],
        month_days=int(data["month_days"]),
        calls_per_unit=int(data["calls_per_unit"]),
        software_daily=_money(hosting["SOFTWARE"]),
        hsm_basic_daily=_money(hosting["HSM"]["basic"]),
        advanced_tier_versions=int(advanced["tier_versions"]),
        advanced_within_tier_daily=_money(advanced["within_tier"]),
        advanced_beyond_tier_daily=_money(advanced["beyond_tier"]),
        api_rates=rates,
        billed_operations=tuple(data["billed_operations"]),
        key_specs=specs,
        regions=regions,
        defaults=dict(data["defaults"]),
        rotation_min_days=int(data["rotation"]["min_days"]),
        rotation_max_days=int(data["rotation"]["max_days"]),
        instances=_instance_prices(data["instances"]),
        assumptions=tuple(data["assumptions"]),
    )


@lru_cache(maxsize=1)
def load_price_book() -> PriceBook:
    """The price book shipped inside the package."""
    return _parse(load_package_yaml("pricebook.yaml"))
