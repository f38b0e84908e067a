"""Mutated real inputs never crash a loader: a diagnostic with a path, or a report.

Every loader (ROS YAML and JSON, Terraform HCL, plan JSON, usage file, config) gets the bundled
examples mutated: bytes flipped, cut short, ``null`` put where a value was, keys duplicated. The
CI profile (``CI`` set in the environment, as CI services do) runs 2,000 examples.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmslint.config import parse_config
from kmslint.errors import DiagnosticsError, InputError
from kmslint.scan import ScanOptions, scan
from kmslint.usage import parse_usage
from tests.helpers import EXAMPLES
from tests.mutations import MUTATIONS

settings.register_profile(
    "mutations-ci",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "mutations-dev",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile("mutations-ci" if os.environ.get("CI") else "mutations-dev")

PLAN = {
    "format_version": "1.2",
    "planned_values": {
        "root_module": {
            "resources": [
                {
                    "address": "alicloud_kms_key.k",
                    "type": "alicloud_kms_key",
                    "name": "k",
                    "values": {
                        "key_spec": "EC_P256",
                        "protection_level": "HSM",
                        "automatic_rotation": "Enabled",
                        "rotation_interval": "30d",
                        "pending_window_in_days": 7,
                    },
                }
            ]
        }
    },
    "configuration": {
        "provider_config": {
            "alicloud": {
                "name": "alicloud",
                "expressions": {"region": {"constant_value": "cn-hangzhou"}},
            }
        }
    },
}
CONFIG = (
    "fail_on: warning\nbudget: {monthly_usd: 5}\n"
    "rules:\n  KMS003: {severity: error, params: {min_interval_days: 180}}\n  KMS006: false\n"
)


@dataclass(frozen=True)
class Seed:
    kind: str  # ros | terraform | plan | usage | config
    name: str  # the file name it is written as
    text: str


def _seeds() -> list[Seed]:
    seeds = [
        Seed("ros", path.name, path.read_text(encoding="utf-8"))
        for path in sorted((EXAMPLES / "ros").glob("*/template.*"))
    ]
    seeds += [
        Seed("terraform", "main.tf", path.read_text(encoding="utf-8"))
        for path in sorted((EXAMPLES / "terraform").glob("*/main.tf"))
    ]
    seeds += [
        Seed("usage", "kmslint-usage.yml", path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES.glob("*/*/kmslint-usage.yml"))
    ]
    return [
        *seeds,
        Seed("plan", "plan.json", json.dumps(PLAN, indent=1)),
        Seed("config", ".kmslint.yaml", CONFIG),
    ]


SEEDS = _seeds()


def _load(seed: Seed, data: bytes, directory: Path) -> list[str]:
    """Run the seed's loader on ``data``; the messages of the diagnostics it gives."""
    if seed.kind in ("usage", "config"):
        text = data.decode("utf-8", errors="replace")
        if seed.kind == "usage":
            return [d.render() for d in parse_usage(text, "kmslint-usage.yml")[1]]
        parse_config(text, directory / ".kmslint.yaml")
        return []
    target = directory / seed.name
    target.write_bytes(data)
    report = scan(
        ScanOptions(paths=[target if seed.kind != "terraform" else directory], use_cache=False)
    )
    return [d.render() for d in report.inventory.diagnostics]


@PROFILE
@given(
    seed=st.sampled_from(SEEDS),
    steps=st.lists(
        st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000), st.integers(0, 255)),
        min_size=1,
        max_size=3,
    ),
)
def test_mutated_inputs_give_a_diagnostic_with_a_path_never_an_internal_error(
    tmp_path_factory, seed: Seed, steps: list
) -> None:
    data = seed.text.encode("utf-8")
    for mutate, position, value in steps:
        data = mutate(data, position, value)
    directory = tmp_path_factory.mktemp("mutated")
    try:
        messages = _load(seed, data, directory)
    except InputError as exc:
        messages = [exc.diagnostic.render()]
        assert exc.diagnostic.file, messages
    except DiagnosticsError as exc:
        messages = [d.render() for d in exc.diagnostics]
        assert all(d.file for d in exc.diagnostics), messages
    assert not any("internal error" in m for m in messages), messages
