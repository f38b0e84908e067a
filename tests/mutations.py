"""Byte-level mutations of real inputs, shared by the loader test and the budget fuzz: a
flipped byte, a file cut short, ``null`` where a value was, a line duplicated."""

from __future__ import annotations

from collections.abc import Callable


def flip(data: bytes, position: int, value: int) -> bytes:
    index = position % max(len(data), 1)
    return data[:index] + bytes([value]) + data[index + 1 :]


def truncate(data: bytes, position: int, _: int) -> bytes:
    return data[: position % max(len(data), 1)]


def null_value(data: bytes, position: int, _: int) -> bytes:
    """``null`` in place of the value on one line (YAML ``key: null``, JSON ``"key": null``)."""
    lines = data.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if b":" in line or b"=" in line]
    if not candidates:
        return data
    index = candidates[position % len(candidates)]
    line = lines[index]
    separator = b"=" if b"=" in line and b":" not in line else b":"
    head, _, tail = line.partition(separator)
    comma = b"," if tail.rstrip().endswith(b",") else b""
    lines[index] = head + separator + b" null" + comma
    return b"\n".join(lines)


def duplicate_line(data: bytes, position: int, _: int) -> bytes:
    lines = data.split(b"\n")
    index = position % max(len(lines), 1)
    return b"\n".join([*lines[: index + 1], *lines[index:]])


Mutation = Callable[[bytes, int, int], bytes]
MUTATIONS: list[Mutation] = [flip, truncate, null_value, duplicate_line]
