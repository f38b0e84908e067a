"""Property tests: no input crashes kmslint, and the cost engine keeps its invariants."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmslint.engine import Period, estimate
from kmslint.pricebook import load_price_book
from tests.helpers import run_cli
from tests.test_engine import make_key

BOOK = load_price_book()
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_no_crash(directory: Path) -> None:
    result = run_cli("estimate", directory)
    assert result.exit_code in (0, 2), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


@FAST
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path_factory, content: bytes) -> None:
    directory = tmp_path_factory.mktemp("bytes")
    (directory / "main.tf").write_bytes(b'resource "alicloud_kms_key" "k" {}\n' + content)
    assert_no_crash(directory)


identifiers = st.sampled_from(
    ["var.x", "local.y", "each.key", "count.index", "alicloud_kms_key.k.id", "module.m.out", "z"]
)
literals = st.one_of(
    st.integers(-(10**6), 10**9).map(str),
    st.sampled_from(['"HSM"', '"SOFTWARE"', '"EC_P256"', "true", "false", "null", '"30d"', '""']),
)


def _expressions() -> st.SearchStrategy[str]:
    leaves = st.one_of(literals, identifiers)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(
                inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "&&", "||", "<"]), inner
            ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            st.tuples(
                st.sampled_from(
                    [
                        "length",
                        "lookup",
                        "merge",
                        "upper",
                        "format",
                        "try",
                        "coalesce",
                        "element",
                        "range",
                        "tonumber",
                        "keys",
                    ]
                ),
                st.lists(inner, max_size=3),
            ).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            inner.map(lambda e: f'"x-${{{e}}}"'),
            inner.map(lambda e: f"[for v in {e} : v]"),
            inner.map(lambda e: f"{e}[0]"),
        ),
        max_leaves=8,
    )


attributes = st.sampled_from(
    [
        "count",
        "for_each",
        "key_spec",
        "protection_level",
        "automatic_rotation",
        "rotation_interval",
        "status",
        "key_usage",
        "pending_window_in_days",
        "tags",
    ]
)


@FAST
@given(
    body=st.lists(st.tuples(attributes, _expressions()), max_size=5, unique_by=lambda a: a[0]),
    local=_expressions(),
)
def test_arbitrary_hcl_fragments_never_crash(
    tmp_path_factory, body: list[tuple[str, str]], local: str
) -> None:
    directory = tmp_path_factory.mktemp("hcl")
    lines = "\n".join(f"  {name} = {expr}" for name, expr in body)
    (directory / "main.tf").write_text(
        f'variable "x" {{}}\nlocals {{\n  y = {local}\n}}\nresource "alicloud_kms_key" "k" {{\n{lines}\n}}\n'
    )
    assert_no_crash(directory)


yaml_scalars = st.one_of(
    st.integers(-5, 10**7), st.booleans(), st.none(), st.text(max_size=8), st.floats(allow_nan=True)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
usage_keys = st.sampled_from(
    [
        "version",
        "defaults",
        "account",
        "resource_usage",
        "resource_type_default_usage",
        "parameters",
        "bogus",
    ]
)


@FAST
@given(document=st.dictionaries(usage_keys, yaml_values, max_size=4), raw=st.text(max_size=80))
def test_arbitrary_usage_files_never_crash(tmp_path_factory, document: dict, raw: str) -> None:
    import io

    from ruamel.yaml import YAML

    directory = tmp_path_factory.mktemp("usage")
    (directory / "main.tf").write_text('resource "alicloud_kms_key" "k" {}\n')
    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, buffer)
    for text in (buffer.getvalue(), raw):
        (directory / "kmslint-usage.yml").write_text(text)
        assert_no_crash(directory)


ros_functions = st.sampled_from(
    [
        "!Ref",
        "!If",
        "!Join",
        "!Sub",
        "!Select",
        "!Split",
        "!FindInMap",
        "!Equals",
        "!Not",
        "!GetAtt",
        "!Base64Encode",
        "!Bogus",
    ]
)
ros_leaves = st.one_of(
    st.sampled_from(
        [
            "HSM",
            "SOFTWARE",
            "EC_P256",
            "Aliyun_AES_256",
            "30d",
            "true",
            "null",
            "''",
            "Count",
            "Spec",
            "IsProd",
            "ALIYUN::Index",
            "ALIYUN::NoValue",
        ]
    ),
    st.integers(-5, 10**9).map(str),
)


def _ros_values() -> st.SearchStrategy[str]:
    """YAML flow values: scalars, lists, maps and short-form function tags, nested."""
    return st.recursive(
        ros_leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            st.tuples(ros_functions, inner).map(lambda t: f"{t[0]} {t[1]}"),
            st.dictionaries(
                st.sampled_from(["Fn::If", "Fn::Add", "Fn::Max", "Ref", "Fn::Length", "a"]),
                inner,
                min_size=1,
                max_size=2,
            ).map(lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"),
        ),
        max_leaves=6,
    )


ros_properties = st.sampled_from(
    [
        "KeySpec",
        "KeyUsage",
        "ProtectionLevel",
        "EnableAutomaticRotation",
        "RotationInterval",
        "Enable",
        "PendingWindowInDays",
        "DKMSInstanceId",
    ]
)


@FAST
@given(
    properties=st.lists(
        st.tuples(ros_properties, _ros_values()), max_size=4, unique_by=lambda p: p[0]
    ),
    count=_ros_values(),
    condition=_ros_values(),
    default=_ros_values(),
)
def test_arbitrary_ros_templates_never_crash(
    tmp_path_factory, properties: list[tuple[str, str]], count: str, condition: str, default: str
) -> None:
    directory = tmp_path_factory.mktemp("ros")
    lines = "".join(f"      {name}: {value}\n" for name, value in properties)
    (directory / "stack.yaml").write_text(
        "ROSTemplateFormatVersion: '2015-09-01'\n"
        f"Parameters:\n  Count:\n    Type: Number\n    Default: {default}\n"
        f"Conditions:\n  IsProd: {condition}\n"
        "Mappings:\n  Spec:\n    a:\n      b: EC_P256\n"
        f"Resources:\n  Key:\n    Type: ALIYUN::KMS::Key\n    Condition: IsProd\n    Count: {count}\n    Properties:\n{lines or '      {}'}\n"
    )
    assert_no_crash(directory)


key_shapes = st.tuples(
    st.sampled_from(["Aliyun_AES_256", "RSA_2048", "EC_P256", "RSA_3072"]),
    st.sampled_from(["HSM", "SOFTWARE"]),
    st.one_of(st.none(), st.sampled_from(["7d", "30d", "90d", "365d", "36h"])),
    st.integers(0, 700),
    st.integers(0, 10**7),
)


@settings(max_examples=80, deadline=None)
@given(
    shapes=st.lists(key_shapes, min_size=1, max_size=6),
    existing=st.integers(0, 2500),
    extra_calls=st.integers(1, 10**6),
    extra_versions=st.integers(1, 50),
)
def test_engine_is_monotonic_and_keys_add_up(
    shapes: list, existing: int, extra_calls: int, extra_versions: int
) -> None:
    period = Period(3, 30)
    keys = [
        make_key(
            f"k{i}", spec=spec, protection=protection, rotation=rotation, extra_versions=versions
        )
        for i, (spec, protection, rotation, versions, _calls) in enumerate(shapes)
    ]
    calls = {key.address: Decimal(shape[4]) for key, shape in zip(keys, shapes, strict=True)}
    base = estimate(keys, calls, period, BOOK, existing)
    for attribute in ("monthly_cost", "hosting_cost", "horizon_monthly_cost", "horizon_total_cost"):
        assert sum(getattr(c, attribute) for c in base.keys) == base.total(attribute)
    more_calls = estimate(
        keys,
        {**calls, keys[0].address: calls[keys[0].address] + extra_calls},
        period,
        BOOK,
        existing,
    )
    assert more_calls.total("monthly_cost") > base.total("monthly_cost")
    keys[0].extra_versions += extra_versions
    more_versions = estimate(keys, calls, period, BOOK, existing)
    assert more_versions.total("hosting_cost") > base.total("hosting_cost")
    assert more_versions.total("horizon_total_cost") > base.total("horizon_total_cost")


@settings(max_examples=60, deadline=None)
@given(shapes=st.lists(key_shapes, min_size=1, max_size=6), existing=st.integers(1900, 2100))
def test_savings_equal_pricing_the_whole_scan_again(shapes: list, existing: int) -> None:
    from kmslint.savings import SavingsCalculator, _longer_rotation, _software

    period = Period(3, 30)
    keys = [
        make_key(
            f"k{i}", spec=spec, protection=protection, rotation=rotation, extra_versions=versions
        )
        for i, (spec, protection, rotation, versions, _calls) in enumerate(shapes)
    ]
    calls = {key.address: Decimal(shape[4]) for key, shape in zip(keys, shapes, strict=True)}
    calculator = SavingsCalculator(keys, calls, period, BOOK, existing)
    whole = estimate(keys, calls, period, BOOK, existing)
    for index, key in enumerate(keys):
        for alternative in (_software(key), _longer_rotation(key), None):
            rest = keys[:index] + keys[index + 1 :] + ([alternative] if alternative else [])
            again = estimate(rest, calls, period, BOOK, existing)
            expected = tuple(
                whole.total(a) - again.total(a)
                for a in ("monthly_cost", "horizon_monthly_cost", "horizon_total_cost")
            )
            assert calculator.savings(key, [lambda k, alternative=alternative: alternative]) == [
                expected
            ]
