"""Formatting of money: Decimal in, decimal strings out. Never float."""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")


def money_str(value: Decimal) -> str:
    """Exact decimal string with at least two decimals: ``0.99225``, ``3.99``, ``5079.00``."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return str(value.quantize(CENT))
    return format(normal, "f")


def money_display(value: Decimal) -> str:
    """Human display: ``$0.99225``; keeps every significant decimal up to 5 places."""
    shown = (
        value.quantize(Decimal("0.00001")) if value != value.quantize(Decimal("0.00001")) else value
    )
    return "$" + money_str(shown)


def number_str(value: Decimal) -> str:
    """A plain decimal number without exponent or trailing zeros: ``750``, ``2010000``, ``12.5``."""
    return format(value.normalize(), "f") if value else "0"
