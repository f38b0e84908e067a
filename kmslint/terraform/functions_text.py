"""Terraform's string, encoding, hash and (deterministic) date functions."""

from __future__ import annotations

import binascii
import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kmslint.terraform.values import normalise_number, to_number, to_string, type_name


class TextError(Exception):
    """A function was called with arguments Terraform would reject."""


def _s(args: list[Any], position: int = 0) -> str:
    return to_string(args[position])


def _substr(args: list[Any]) -> Any:
    text = _s(args)
    offset, length = int(to_number(args[1])), int(to_number(args[2]))
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if offset > len(text):
        return ""  # as Terraform: nothing is left past the end
    return text[offset:] if length < 0 else text[offset : offset + length]


def _trim(args: list[Any]) -> Any:
    return _s(args).strip(_s(args, 1))


def _title(args: list[Any]) -> Any:
    out, previous = [], " "
    for char in _s(args):
        separator = not (previous.isalnum() or previous == "_")
        out.append(char.upper() if separator else char)
        previous = char
    return "".join(out)


def _indent(args: list[Any]) -> Any:
    spaces = " " * int(to_number(args[0]))
    lines = _s(args, 1).split("\n")
    return "\n".join([lines[0], *(spaces + line if line else line for line in lines[1:])])


def _base64encode(args: list[Any]) -> Any:
    import base64  # only for a template that calls it

    return base64.b64encode(_s(args).encode("utf-8")).decode("ascii")


def _base64decode(args: list[Any]) -> Any:
    import base64

    try:
        return base64.b64decode(_s(args), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise TextError(f"base64decode: {exc}") from None


def _hash(algorithm: str) -> Callable[[list[Any]], Any]:
    return lambda args: hashlib.new(algorithm, _s(args).encode("utf-8")).hexdigest()


_NAMESPACES = {
    "dns": uuid.NAMESPACE_DNS,
    "url": uuid.NAMESPACE_URL,
    "oid": uuid.NAMESPACE_OID,
    "x500": uuid.NAMESPACE_X500,
}


def _uuidv5(args: list[Any]) -> Any:
    name = _s(args)
    try:
        namespace = _NAMESPACES.get(name) or uuid.UUID(name)
    except ValueError:
        raise TextError(f"uuidv5: {name!r} is not a namespace") from None
    return str(uuid.uuid5(namespace, _s(args, 1)))


_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {
    "ns": Decimal("1e-9"),
    "us": Decimal("1e-6"),
    "µs": Decimal("1e-6"),
    "ms": Decimal("0.001"),
    "s": Decimal(1),
    "m": Decimal(60),
    "h": Decimal(3600),
}


def _duration(text: str) -> timedelta:
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    parts = _DURATION_PART.findall(body)
    if not body or "".join(a + b for a, b in parts) != body:
        raise TextError(f"timeadd: {text!r} is not a duration")
    seconds = sum((Decimal(n) * _UNIT_SECONDS[u] for n, u in parts), Decimal(0))
    return timedelta(seconds=float(sign * seconds))


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise TextError(f"{text!r} is not an RFC 3339 timestamp") from None
    if value.tzinfo is None or "T" not in text.upper():
        raise TextError(f"{text!r} is not an RFC 3339 timestamp")
    return value


def _rfc3339(value: datetime) -> str:
    text = value.isoformat()
    if value.microsecond:
        head, _, tail = text.partition(".")
        fraction, zone = tail[:6].rstrip("0"), tail[6:]
        text = f"{head}.{fraction}{zone}"
    return text.replace("+00:00", "Z")


def _timeadd(args: list[Any]) -> Any:
    return _rfc3339(_timestamp(_s(args)) + _duration(_s(args, 1)))


_DATE_TOKEN = re.compile(
    r"'(?:[^']|'')*'|YYYY|YY|MMMM|MMM|MM|M|DD|D|EEEE|EEE|hh|h|HH|H|AA|aa|mm|m|ss|s|ZZZZZ|ZZZZ|ZZZ|Z"
)


def _date_token(token: str, when: datetime) -> str:
    offset = when.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    hours12 = when.hour % 12 or 12
    zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    table = {
        "YYYY": f"{when.year:04d}",
        "YY": f"{when.year % 100:02d}",
        "MMMM": when.strftime("%B"),
        "MMM": when.strftime("%b"),
        "MM": f"{when.month:02d}",
        "M": str(when.month),
        "DD": f"{when.day:02d}",
        "D": str(when.day),
        "EEEE": when.strftime("%A"),
        "EEE": when.strftime("%a"),
        "hh": f"{when.hour:02d}",
        "h": str(when.hour),
        "HH": f"{hours12:02d}",
        "H": str(hours12),
        "AA": "AM" if when.hour < 12 else "PM",
        "aa": "am" if when.hour < 12 else "pm",
        "mm": f"{when.minute:02d}",
        "m": str(when.minute),
        "ss": f"{when.second:02d}",
        "s": str(when.second),
        "ZZZZZ": zone[:3] + ":" + zone[3:],
        "ZZZZ": zone,
        "ZZZ": "UTC" if minutes == 0 else zone,
        "Z": "Z" if minutes == 0 else zone[:3] + ":" + zone[3:],
    }
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    return table[token]


def _formatdate(args: list[Any]) -> Any:
    spec, when = _s(args), _timestamp(_s(args, 1))
    out, position = [], 0
    for match in _DATE_TOKEN.finditer(spec):
        literal = spec[position : match.start()]
        if any(c.isalpha() for c in literal):
            raise TextError(f"formatdate: unsupported letters {literal!r} in the format")
        out += [literal, _date_token(match.group(0), when)]
        position = match.end()
    if any(c.isalpha() for c in spec[position:]):
        raise TextError("formatdate: unsupported letters in the format")
    out.append(spec[position:])
    return "".join(out)


def _regex_groups(match: Any) -> Any:
    if match.re.groupindex:
        return {name: match.group(name) for name in match.re.groupindex}
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


def _compile(pattern: str) -> Any:
    """RE2, as Terraform's own regex functions: linear time whatever the pattern."""
    from kmslint.linear_regex import RegexError, compile_pattern

    try:
        return compile_pattern(pattern)
    except RegexError as exc:
        raise TextError(str(exc)) from None


def _regex(args: list[Any]) -> Any:
    match = _compile(_s(args)).search(_s(args, 1))
    if match is None:
        raise TextError("regex: the pattern does not match")
    return _regex_groups(match)


def _regexall(args: list[Any]) -> Any:
    return [_regex_groups(m) for m in _compile(_s(args)).finditer(_s(args, 1))]


def formatlist(args: list[Any], format_: Callable[[list[Any]], Any]) -> Any:
    lengths = {len(a) for a in args[1:] if isinstance(a, list)}
    if len(lengths) > 1:
        raise TextError("formatlist: the lists have different lengths")
    if not lengths:
        raise TextError("formatlist: at least one argument must be a list")
    length = lengths.pop()
    rows = [[a[i] if isinstance(a, list) else a for a in args[1:]] for i in range(length)]
    return [format_([args[0], *row]) for row in rows]


def _yaml_scalar(value: Any) -> str:
    import json

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return to_string(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TextError(f"yamlencode: cannot encode a {type_name(value)}")


def _yaml_lines(value: Any, indent: str) -> list[str]:
    if isinstance(value, dict) and value:
        lines = []
        for key in sorted(value):
            item = value[key]
            head = f"{indent}{_yaml_scalar(key)}:"
            if isinstance(item, dict) and item:
                lines += [head, *_yaml_lines(item, indent + "  ")]
            elif isinstance(item, list) and item:
                lines += [head, *_yaml_lines(item, indent)]
            else:
                lines.append(f"{head} {_yaml_inline(item)}")
        return lines
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            if (isinstance(item, (dict, list))) and item:
                inner = _yaml_lines(item, indent + "  ")
                lines += [f"{indent}- {inner[0].lstrip()}", *inner[1:]]
            else:
                lines.append(f"{indent}- {_yaml_inline(item)}")
        return lines
    return [indent + _yaml_inline(value)]


def _yaml_inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _yaml_scalar(value)


def _yamlencode(args: list[Any]) -> Any:
    return "\n".join(_yaml_lines(args[0], "")) + "\n"


def _yamldecode(args: list[Any]) -> Any:
    import yaml

    try:
        documents = list(yaml.safe_load_all(_s(args)))
    except yaml.YAMLError as exc:
        raise TextError(f"yamldecode: {exc}") from None
    if len(documents) > 1:
        raise TextError("yamldecode: more than one YAML document")
    return _from_yaml(documents[0] if documents else None)


def _from_yaml(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            to_string(k) if not isinstance(k, str) else k: _from_yaml(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_from_yaml(v) for v in value]
    if isinstance(value, float):
        return normalise_number(Decimal(repr(value)))
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return to_string(str(value))


TEXT_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "substr": _substr,
    "startswith": lambda a: _s(a).startswith(_s(a, 1)),
    "endswith": lambda a: _s(a).endswith(_s(a, 1)),
    "trimprefix": lambda a: _s(a).removeprefix(_s(a, 1)),
    "trimsuffix": lambda a: _s(a).removesuffix(_s(a, 1)),
    "trim": _trim,
    "chomp": lambda a: re.sub(r"(?:\r\n|\r|\n)+\Z", "", _s(a)),
    "strrev": lambda a: _s(a)[::-1],
    "title": _title,
    "indent": _indent,
    "base64encode": _base64encode,
    "base64decode": _base64decode,
    "md5": _hash("md5"),
    "sha1": _hash("sha1"),
    "sha256": _hash("sha256"),
    "sha512": _hash("sha512"),
    "uuidv5": _uuidv5,
    "timeadd": _timeadd,
    "formatdate": _formatdate,
    "regex": _regex,
    "regexall": _regexall,
    "yamlencode": _yamlencode,
    "yamldecode": _yamldecode,
}
