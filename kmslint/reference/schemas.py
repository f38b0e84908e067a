"""The JSON Schemas (draft-07, what YAML editors complete from) of ``.kmslint.yaml`` and
``kmslint-usage.yml``, built from the loaders' own tables: the key names of ``kmslint.config`` and
``kmslint.usage``, the usage fields of ``usage_fields.yaml``, the built-in rules and their params.

The schemas say what the loaders accept; the loaders stay the authority (they also check what a
schema cannot, such as a rule id that no custom rule defines).
"""

from __future__ import annotations

from typing import Any

from kmslint.findings import SEVERITIES
from kmslint.reference import config_keys, usage_keys
from kmslint.usage import BILLING_MODELS, USAGE_FILE_NAME, field_catalogue

DRAFT = "http://json-schema.org/draft-07/schema#"
Schema = dict[str, Any]
# An https URL with a host, without spaces, control characters, quotes, backslashes or <>.
LINK_BASE_PATTERN = (
    '^https://[^\\u0000-\\u0020\\u007f"<>\\\\`/?#]+([/?#][^\\u0000-\\u0020\\u007f"<>\\\\`]*)?$'
)


def _nullable(kind: str, **more: Any) -> Schema:
    return {"type": [kind, "null"], **more}


def _described(help_table: dict[str, str], shapes: dict[str, Schema]) -> dict[str, Schema]:
    return {name: {"description": text, **shapes[name]} for name, text in help_table.items()}


def _one_or_list(item: Schema) -> Schema:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _param(default: Any) -> Schema:
    """A rule parameter's schema: the type of its default (null only where the default is null)."""
    shown = {"description": f"default: {default!r}"}
    if default is None:
        return {**shown, "type": ["number", "null"]}
    for kind, name in ((bool, "boolean"), (list, "array"), (str, "string")):
        if isinstance(default, kind):
            return {**shown, "type": name}
    return {**shown, "type": "number"}


def _rule(params: Schema) -> Schema:
    keys: dict[str, Schema] = {
        "enabled": {"type": "boolean"},
        "severity": {"enum": list(SEVERITIES)},
        "ignorable": {"type": "boolean"},
        "params": params,
    }
    body = {
        "type": "object",
        "additionalProperties": False,
        "properties": _described(config_keys.rule(), keys),
    }
    return {"anyOf": [{"type": "boolean"}, body]}


def _builtin_rules() -> dict[str, Schema]:
    from kmslint.policy.catalogue import builtin_rules

    found = {}
    for rule in builtin_rules():
        params = _nullable(
            "object",
            additionalProperties=False,
            properties={name: _param(value) for name, value in rule.params.items()},
        )
        found[rule.id] = {"description": f"{rule.name}: {rule.summary}", **_rule(params)}
    return dict(sorted(found.items()))


def config_schema() -> Schema:
    path = {"type": ["string", "null"], "minLength": 1}
    entry = {"type": "string", "pattern": "\\S"}
    amount = {"type": ["number", "null"], "minimum": 0}
    shapes: dict[str, Schema] = {
        "fail_on": {"enum": list(SEVERITIES)},
        "usage_file": path,
        "baseline": path,
        "rules_dir": _one_or_list({"type": "string", "minLength": 1}),
        "budget": {
            "type": "object",
            "additionalProperties": False,
            "properties": _described(
                config_keys.budget(), dict.fromkeys(config_keys.budget(), amount)
            ),
        },
        "rules": {
            "type": "object",
            "properties": _builtin_rules(),
            "additionalProperties": _rule(_nullable("object")),
        },
        "exclude": _one_or_list(entry),
        "link_base": {"type": "string", "pattern": LINK_BASE_PATTERN},
    }
    return {
        "$schema": DRAFT,
        "title": "kmslint config (.kmslint.yaml)",
        "description": (
            "Rule selection, severities, params, budget, fail-on, usage file, baseline "
            "and rule links of kmslint."
        ),
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": _described(config_keys.top_level(), shapes),
    }


def usage_schema() -> Schema:
    catalogue = field_catalogue()
    fields = {
        name: {"description": catalogue.help[name], "type": "number", "minimum": 0}
        for name in catalogue.all_fields
    }
    count = {"type": ["integer", "null"], "minimum": 1}
    defaults = {
        "region": _nullable("string"),
        "month_days": count,
        "horizon_months": count,
        "billing_model": {"enum": [*BILLING_MODELS, None]},
        "instance": _nullable("string", minLength=1),
    }
    account = {"existing_advanced_hsm_versions": _nullable("integer", minimum=0)}
    usage_map = _nullable("object", additionalProperties={"$ref": "#/definitions/usage"})
    shapes: dict[str, Schema] = {
        "version": {"enum": [1, "1", 0.1, "0.1", None]},
        "defaults": _section(_described(usage_keys.defaults(), defaults)),
        "account": _section(_described(usage_keys.account(), account)),
        "parameters": _nullable("object"),
        "resource_type_default_usage": usage_map,
        "resource_usage": usage_map,
    }
    return {
        "$schema": DRAFT,
        "title": f"kmslint usage file ({USAGE_FILE_NAME})",
        "description": "Usage assumptions kmslint prices API calls with; a field not given is unknown, never 0.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": _described(usage_keys.top_level(), shapes),
        "definitions": {"usage": _section(fields)},
    }


def _section(properties: dict[str, Schema]) -> Schema:
    return _nullable("object", additionalProperties=False, properties=properties)


SCHEMAS = {"config.schema.json": config_schema, "usage.schema.json": usage_schema}
