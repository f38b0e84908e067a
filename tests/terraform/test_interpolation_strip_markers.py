"""Strip markers in interpolations (``${~ x }``, ``${ x ~}``), as Terraform 1.11 applies them.

Each expected value is what ``terraform output -json`` printed for the same expression (an
``output`` block per attribute, Terraform 1.11.4); tests/differential checks them again against
the binary when it is on PATH.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kmslint.terraform import grammar
from tests.helpers import json_report, run_cli, write_module

QUOTED = {
    "both": ('"a  ${~ "b" ~}  c"', "abc"),
    "left_only": ('"a \\n\\t ${~ "b"}\\n c"', "ab\n c"),
    "right_and_next": ('"a ${ "b" ~} \\n\\n c ${~ "d" ~}"', "a bcd"),
    "alone": ('"${~ "b" ~}"', "b"),
    "beside_directives": ('" %{ if true ~} ${~ "x" ~} %{~ endif } "', " x "),
    "no_spaces": ('"a ${~ upper("b") } ${ "c" ~} d ${~"e"~}f"', "aB cdef"),
}
HEREDOCS = {
    "flush_blank_lines": (
        '<<-EOT\n    line1\n\n    ${~ "x" }\n    tail ${ "y" ~}\n\n      end\n  EOT',
        "    line1\n\nx\n    tail y\n      end\n",
    ),
    "plain": ('<<EOT\n  a\n  ${~ "x" ~}\n  b\nEOT', "  a\nx  b\n"),
    "in_a_for": (
        '<<-EOT\n    %{ for v in ["p", "q"] }\n    - ${~ v ~}\n    %{ endfor }\n    z\n  EOT',
        "\n-p    \n-q    \nz\n",
    ),
    "right_eats_blank_line": ('<<-EOT\n    a ${ "x" ~}\n\n      b\n    c\n  EOT', "a x\n  b\nc\n"),
}


def _key_specs(tmp_path: Path, cases: dict[str, tuple[str, str]]) -> dict[str, str]:
    main = "".join(
        f'resource "alicloud_kms_key" "{name}" {{\n  key_spec = {text}\n}}\n'
        for name, (text, _) in cases.items()
    )
    report = json_report("estimate", write_module(tmp_path / "m", {"main.tf": main}))
    return {r["address"].split(".")[-1]: r["key_spec"] for r in report["resources"]}


@pytest.mark.parametrize("cases", [QUOTED, HEREDOCS], ids=["quoted", "heredoc"])
def test_interpolation_strip_markers_trim_as_terraform_does(
    tmp_path: Path, cases: dict[str, tuple[str, str]]
) -> None:
    assert _key_specs(tmp_path, cases) == {name: want for name, (_, want) in cases.items()}


def test_strip_markers_in_a_tf_json_template(tmp_path: Path) -> None:
    document = '{"resource": {"alicloud_kms_key": {"k": {"key_spec": "a ${~ \\"b\\" ~} c"}}}}'
    report = json_report("estimate", write_module(tmp_path / "m", {"main.tf.json": document}))
    assert [r["key_spec"] for r in report["resources"]] == ["abc"]


def test_a_lone_tilde_is_still_a_syntax_error_with_its_line(tmp_path: Path) -> None:
    main = 'resource "alicloud_kms_key" "k" {\n  key_spec = "${~ ~}"\n}\n'
    result = run_cli("estimate", str(write_module(tmp_path / "m", {"main.tf": main})))
    assert result.exit_code == 2
    assert "main.tf:2: HCL syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_hcl2_rejects_what_kmslint_patches_into_its_grammar() -> None:
    # If python-hcl2 ever accepts ${~ x ~} itself, kmslint's patch of its grammar is obsolete.
    import hcl2
    from lark.exceptions import LarkError

    with pytest.raises(LarkError):
        hcl2.parses_to_tree('x = "${~ "b" ~}"\n')
    assert grammar.parse_tree('x = "${~ "b" ~}"').data == "start"


def test_the_grammar_patch_refuses_a_grammar_whose_rule_changed(tmp_path: Path) -> None:
    changed = tmp_path / "hcl2.lark"
    changed.write_text("interpolation: INTERP_START expression _RBRACE\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="interpolation rule kmslint extends has changed"):
        grammar.grammar_text(changed)
