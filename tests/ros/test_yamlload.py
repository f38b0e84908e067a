"""Loading templates: short forms, line numbers (YAML and JSON), aliases, nesting, YAML errors."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest

from kmslint.errors import InputError
from kmslint.ros.values import LList, LMap
from kmslint.ros.yamlload import FUNCTION_NAMES, MAX_FLOW_DEPTH, SHORT_FORMS, load_document


def load(text: str) -> LMap:
    document = load_document(text, "t.yml")
    assert isinstance(document, LMap)
    return document


def error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_document(text, "t.yml")
    return caught.value


@pytest.mark.parametrize("short", sorted(SHORT_FORMS))
def test_every_short_form_becomes_its_long_form(short: str) -> None:
    value = load(f"a: {short} [x, y]\nb: {short} x\n")
    long_name = SHORT_FORMS[short]
    assert value["a"] == {long_name: ["x", "y"]}
    assert value["b"] in ({long_name: "x"}, {long_name: ["x"]})


def test_the_function_list_covers_the_ros_function_index() -> None:
    for name in ("Ref", "Fn::GetAtt", "Fn::If", "Fn::Join", "Fn::Sub", "Fn::Select", "Fn::Split", "Fn::FindInMap",
                 "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Base64Encode", "Fn::Str", "Fn::Replace",
                 "Fn::Add", "Fn::Max", "Fn::Min", "Fn::Length", "Fn::GetAZs", "Fn::Index", "Fn::Jq"):  # fmt: skip
        assert name in SHORT_FORMS.values()
    assert len(FUNCTION_NAMES) == len(set(FUNCTION_NAMES))


def test_getatt_dotted_and_list_forms_agree() -> None:
    value = load("a: !GetAtt Key.KeyId\nb: !GetAtt [Key, KeyId]\nc: {'Fn::GetAtt': [Key, KeyId]}\n")
    assert value["a"] == value["b"] == value["c"] == {"Fn::GetAtt": ["Key", "KeyId"]}


def test_nested_short_forms_in_flow_and_block_style() -> None:
    value = load(
        "a: !Join ['-', [!Ref A, !Select [0, !Split [',', 'x,y']]]]\nb: !If\n  - C\n  - !Ref X\n  - !Ref ALIYUN::NoValue\n"
    )
    assert value["a"] == {
        "Fn::Join": ["-", [{"Ref": "A"}, {"Fn::Select": [0, {"Fn::Split": [",", "x,y"]}]}]]
    }
    assert value["b"] == {"Fn::If": ["C", {"Ref": "X"}, {"Ref": "ALIYUN::NoValue"}]}


def test_two_short_forms_in_a_row_are_an_error() -> None:
    problem = error(
        "Resources:\n  A:\n    Properties:\n      UserData: !Base64Encode !Ref Script\n"
    )
    assert problem.diagnostic.line == 4
    assert "two short-form functions in a row (!Base64Encode !Ref)" in problem.diagnostic.message


def test_one_short_form_over_a_long_form_is_fine() -> None:
    value = load("a: !Base64Encode\n  Fn::Sub: x\nb:\n  Fn::Base64Encode: !Sub y\n")
    assert value["a"] == {"Fn::Base64Encode": {"Fn::Sub": "x"}}
    assert value["b"] == {"Fn::Base64Encode": {"Fn::Sub": "y"}}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: 1\nb: !Reff x\n",
            2,
            "unknown tag !Reff: ROS has no such function (did you mean !Ref?)",
        ),
        (
            "a:\n  - !Condition C\n",
            2,
            "unknown tag !Condition: ROS has no such function (ROS names a condition by its plain name, without a tag)",
        ),
        ("a: !Lookup [x]\n", 1, "unknown tag !Lookup: ROS has no such function"),
        ("a: !!python/name:os.system x\n", 1, "unknown tag !!python/name:os.system"),
    ],
)
def test_unknown_tags_are_errors_with_their_line(text: str, line: int, message: str) -> None:
    problem = error(text)
    assert (problem.diagnostic.line, problem.diagnostic.message) == (line, message)


def test_yaml_lines_of_keys_and_items() -> None:
    value = load(
        "# comment\nResources:\n  Key:\n    Type: T\n    Properties:\n      A: [1,\n          2]\n      B:\n        - x\n        - y\n"
    )
    key = value["Resources"]["Key"]
    assert value["Resources"].key_line("Key") == 3
    assert key.line == 4 and key.key_line("Properties") == 5
    assert key["Properties"].key_line("B") == 8
    assert isinstance(key["Properties"]["B"], LList) and key["Properties"]["B"].item_lines == [
        9,
        10,
    ]


def test_json_templates_get_the_same_lines() -> None:
    document = {
        "ROSTemplateFormatVersion": "2015-09-01",
        "Resources": {
            "Key": {
                "Type": "ALIYUN::KMS::Key",
                "Properties": {"Enable": False, "PendingWindowInDays": 7},
            }
        },
    }
    text = json.dumps(document, indent=2)
    value = load(text)
    lines = text.splitlines()
    properties = value["Resources"]["Key"]["Properties"]
    assert '"Key"' in lines[value["Resources"].key_line("Key") - 1]
    assert '"PendingWindowInDays": 7' in lines[properties.key_line("PendingWindowInDays") - 1]
    assert properties == {"Enable": False, "PendingWindowInDays": 7}


def test_json_with_tabs_and_escapes() -> None:
    value = load('{\n\t"a": "x\\/y\\u00e9",\n\t"b": [1.50, 2e3, -0, true, null]\n}\n')
    assert value["a"] == "x/y\u00e9"
    assert value["b"] == [Decimal("1.50"), Decimal("2e3"), 0, True, None]
    assert value.key_line("b") == 3


def test_scalars_keep_their_meaning_without_floats() -> None:
    value = load("v: 2015-09-01\nf: 0.1\ni: 0x10\ns: '007'\nn: ~\nt: True\ny: yes\n")
    assert value == {
        "v": "2015-09-01",
        "f": Decimal("0.1"),
        "i": 16,
        "s": "007",
        "n": None,
        "t": True,
        "y": "yes",
    }
    assert not any(isinstance(v, float) for v in value.values())


def test_merge_keys_and_duplicate_keys() -> None:
    value = load("base: &b {A: 1, B: 2}\nk:\n  <<: *b\n  B: 3\n")
    assert value["k"] == {"A": 1, "B": 3}
    problem = error("a: 1\nb: 2\na: 3\n")
    assert (problem.diagnostic.line, problem.diagnostic.message) == (
        3,
        "duplicate key 'a' (first on line 1)",
    )


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    start = time.monotonic()
    problem = error("\n".join(lines) + "\n")
    assert time.monotonic() - start < 2
    assert "YAML aliases here expand to more than" in problem.diagnostic.message
    assert problem.diagnostic.line is not None and 2 <= problem.diagnostic.line <= 12


def test_small_alias_use_is_fine() -> None:
    value = load("tags: &t [{Key: a, Value: b}]\nx: *t\ny: *t\n")
    assert value["x"] == value["y"] == [{"Key": "a", "Value": "b"}]


def test_a_recursive_alias_is_an_error() -> None:
    problem = error("a: &a [1, *a]\n")
    assert problem.diagnostic.line == 1 and "recursive alias" in problem.diagnostic.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    start = time.monotonic()
    problem = error("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert time.monotonic() - start < 2
    assert (
        problem.diagnostic.message
        == f"the template nests more than {MAX_FLOW_DEPTH} levels of [ ] / {{ }}"
    )
    deep_block = "".join("  " * i + "a:\n" for i in range(3000)) + "  " * 3000 + "x\n"
    assert "nested too deeply" in error(deep_block).diagnostic.message


def test_brackets_inside_strings_and_comments_are_not_nesting() -> None:
    text = "".join(f'k{i}: "[[[[" # [[[[ \n' for i in range(200)) + "s: it's [not] nested\n"
    assert load(text)["s"] == "it's [not] nested"


def test_unclosed_flow_collection_points_at_its_start() -> None:
    problem = error("a: 1\nb: {c: [1, 2\n")
    assert problem.diagnostic.line == 2
    assert "starts here and is never closed" in problem.diagnostic.message
