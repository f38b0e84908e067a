"""The report TypedDicts (kmslint/schema/document.py) have exactly the keys of the JSON Schema."""

from __future__ import annotations

from typing import Any

import pytest

from kmslint.schema import document as doc
from kmslint.schema import report_schema
from tests.helpers import EXAMPLES, json_report

SCHEMA = report_schema()
DEFS = SCHEMA["$defs"]
RESOURCE_PROPERTIES = DEFS["key_resource"]["properties"]

PAIRS: list[tuple[type, dict[str, Any]]] = [
    (doc.ReportDocument, SCHEMA),
    (doc.PriceBookDoc, DEFS["price_book"]),
    (doc.SummaryDoc, DEFS["summary"]),
    (doc.ReferenceDoc, DEFS["reference"]),
    (doc.ResourceDoc, DEFS["key_resource"]),
    (doc.InstanceResourceDoc, DEFS["instance_resource"]),
    (doc.SecretResourceDoc, DEFS["secret_resource"]),
    (doc.ModelTotalsDoc, DEFS["model_totals"]),
    (doc.VersionsDoc, RESOURCE_PROPERTIES["versions"]),
    (doc.FindingDoc, DEFS["finding"]),
    (doc.DiagnosticDoc, DEFS["diagnostic"]),
    (doc.SavingDoc, DEFS["saving"]),
    (doc.ProjectDoc, SCHEMA["properties"]["projects"]["items"]),
    (doc.BaseDoc, SCHEMA["properties"]["base"]),
]


@pytest.mark.parametrize(("typed", "schema"), PAIRS, ids=[t.__name__ for t, _ in PAIRS])
def test_the_typed_dict_has_the_keys_of_the_schema(typed: Any, schema: dict[str, Any]) -> None:
    assert typed.__required_keys__ == set(schema.get("required", []))
    assert typed.__required_keys__ | typed.__optional_keys__ == set(schema["properties"])


def test_a_real_report_uses_only_typed_keys() -> None:
    report = json_report("check", str(EXAMPLES / "terraform"))
    typed: Any = doc.ReportDocument
    assert set(report) <= typed.__required_keys__ | typed.__optional_keys__
    by_type: dict[str, Any] = {
        "alicloud_kms_instance": doc.InstanceResourceDoc,
        "alicloud_kms_secret": doc.SecretResourceDoc,
    }
    for entry in report["resources"]:
        resource = by_type.get(entry["type"], doc.ResourceDoc)
        assert resource.__required_keys__ <= set(entry)
        assert set(entry) <= resource.__required_keys__ | resource.__optional_keys__
