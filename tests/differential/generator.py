"""A seeded random generator of differential cases.

Each case declares variables (given by default, tfvars, auto tfvars, ``-var``, ``-var-file`` and
``TF_VAR_``), locals, and one key block, perhaps inside a local module called with count or
for_each; the expressions compose conditionals, for expressions, splats, templates with
directives and strip markers (``%{~ }`` and ``${~ }``), and functions. Expressions are typed so
that Terraform accepts almost every case; the few it rejects are dropped by the harness and
counted.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from tests.differential.twins import Case

WORDS = [
    "Aliyun_AES_256",
    "HSM",
    "SOFTWARE",
    "Enabled",
    "Disabled",
    "365d",
    "a",
    "b",
    "x-y",
    "",
    "Aliyun_SM4",
    "7d",
    "ab c",
    "A",
    "10",
    "2.5",
    "z",
]
NUMBERS = ["0", "1", "2", "3", "10", "1.5", "0.25", "-1", "7"]


@dataclass
class Scope:
    """Names an expression may use, by type."""

    names: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, expr: str) -> None:
        self.names.setdefault(kind, []).append(expr)


class Expressions:
    def __init__(self, rng: random.Random, scope: Scope) -> None:
        self.rng, self.scope = rng, scope

    def pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def of(self, kind: str, depth: int = 0) -> str:
        if depth > 3 or self.rng.random() < 0.25:
            return self.leaf(kind)
        return "(" + getattr(self, "_" + kind)(depth + 1) + ")"

    def leaf(self, kind: str) -> str:
        names = self.scope.names.get(kind, [])
        if names and self.rng.random() < 0.6:
            return self.pick(names)
        if kind == "string":
            return json.dumps(self.pick(WORDS))
        if kind == "number":
            return self.pick(NUMBERS)
        if kind == "bool":
            return self.pick(["true", "false"])
        if kind == "list":
            return (
                "["
                + ", ".join(json.dumps(self.pick(WORDS)) for _ in range(self.rng.randint(0, 3)))
                + "]"
            )
        return (
            "{"
            + ", ".join(
                f"{k} = {json.dumps(self.pick(WORDS))}"
                for k in self.rng.sample(["a", "b", "c", "d"], self.rng.randint(0, 3))
            )
            + "}"
        )

    # -- strings ------------------------------------------------------------------------
    def _string(self, d: int) -> str:
        s, n, b, li, m = (
            (lambda k: lambda: self.of(k, d))("string"),
            (lambda: self.of("number", d)),
            (lambda: self.of("bool", d)),
            (lambda: self.of("list", d)),
            (lambda: self.of("map", d)),
        )
        choices = [
            lambda: f'"${{{s()}}}-${{{n()}}}"',
            lambda: f'" ${{{self._strip()} {s()} {self._strip()}}} - ${{{self._strip()}{n()}}} "',
            lambda: f"{b()} ? {s()} : {s()}",
            lambda: f"{b()} ? {n()} : {s()}",
            lambda: f"{b()} ? {b()} : {s()}",
            lambda: self._if_directive(b()),
            lambda: f'"%{{ for x in {li()} {self._strip()}}} ${{x}}, %{{{self._strip()} endfor }}"',
            lambda: f"upper({s()})",
            lambda: f"lower({s()})",
            lambda: f"title({s()})",
            lambda: f'format("%s:%d", {s()}, floor({n()}))',
            lambda: f'format("%v", {n()})',
            lambda: f'join("{self.pick([",", "", "-"])}", {li()})',
            lambda: (
                f'replace({s()}, "{self.pick(["a", "S", "-"])}", "{self.pick(["", "_", "Q"])}")'
            ),
            lambda: f"substr({s()}, {self.rng.randint(0, 2)}, {self.rng.randint(-1, 3)})",
            lambda: f'trimprefix({s()}, "{self.pick(["A", "a", "Al"])}")',
            lambda: f'trimsuffix({s()}, "{self.pick(["d", "M", "6"])}")',
            lambda: f'trim({s()}, "{self.pick(["a", "d", "A"])}")',
            lambda: f"trimspace({s()})",
            lambda: f"strrev({s()})",
            lambda: f"chomp({s()})",
            lambda: f'coalesce({s()}, "{self._word() or "w"}")',
            lambda: f"tostring({n()})",
            lambda: f"tostring({b()})",
            lambda: f'lookup({m()}, "{self.pick(["a", "b", "c"])}", {s()})',
            lambda: f'element(concat({li()}, ["e"]), {self.rng.randint(0, 4)})',
            lambda: f"jsonencode({li()})",
            lambda: f"jsonencode({m()})",
            lambda: f"jsonencode({n()})",
            lambda: f'join("", sort({li()}))',
            lambda: f'join("+", distinct({li()}))',
            lambda: f'join("", [for k, v in {m()} : "${{k}}${{v}}"])',
            lambda: f'join(",", toset({li()}))',
            lambda: f'join(",", keys({m()}))',
            lambda: f'one(concat(["o"], slice({li()}, 0, 0)))',
            lambda: f'join(",", reverse({li()}))',
            lambda: f'join(",", compact({li()}))',
            lambda: f'join(",", formatlist("<%s>", {li()}))',
            lambda: "element(local.NS_objs[*].name, 0)",
            lambda: 'join(",", local.NS_objs[*].name)',
            lambda: 'join(",", local.NS_one[*].name)',
            lambda: f'startswith({s()}, "A") ? "s" : "t"',
            lambda: f"base64encode({s()})",
            lambda: f"md5({s()})",
            lambda: f'can(regex("^[A-Z]", {s()})) ? "R" : "r"',
            lambda: f'"${{length({li()})}}"',
            lambda: f'tostring(try(tonumber({s()}), "nan"))',
        ]
        return self.pick(choices)()

    def _if_directive(self, cond: str) -> str:
        t = self._strip
        return (
            f'"%{{{t()} if {cond} {t()}}} {self._word()} %{{{t()} else {t()}}} '
            f'{self._word()} %{{{t()} endif {t()}}}"'
        )

    def _strip(self) -> str:
        return self.pick(["", "", "~"])

    def _word(self) -> str:
        return self.pick(["A", "b", "", "x y"])

    # -- numbers ------------------------------------------------------------------------
    def _number(self, d: int) -> str:
        n, b, li = (
            (lambda: self.of("number", d)),
            (lambda: self.of("bool", d)),
            (lambda: self.of("list", d)),
        )
        choices = [
            lambda: f"{n()} + {n()}",
            lambda: f"{n()} * {n()}",
            lambda: f"{n()} - {n()}",
            lambda: f"{n()} / {self.pick(['2', '4', '3', '8', '0.5'])}",
            lambda: f"{n()} % {self.pick(['2', '3'])}",
            lambda: f"length({li()})",
            lambda: f"min({n()}, {n()})",
            lambda: f"max({n()}, {n()})",
            lambda: f"floor({n()})",
            lambda: f"ceil({n()})",
            lambda: f"abs({n()})",
            lambda: f"{b()} ? {n()} : {n()}",
            lambda: f"sum([{n()}, {n()}])",
            lambda: f"signum(floor({n()}))",
            lambda: f"pow({self.pick(['2', '3', '1.5'])}, {self.pick(['0', '1', '2', '3'])})",
            lambda: f'parseint("{self.pick(["10", "ff", "7"])}", 16)',
            lambda: f'tonumber("{self.pick(["3", "1.5", "-2"])}")',
        ]
        return self.pick(choices)()

    # -- bools --------------------------------------------------------------------------
    def _bool(self, d: int) -> str:
        s, n, b, li = (
            (lambda: self.of("string", d)),
            (lambda: self.of("number", d)),
            (lambda: self.of("bool", d)),
            (lambda: self.of("list", d)),
        )
        choices = [
            lambda: f"{s()} == {s()}",
            lambda: f"{n()} > {n()}",
            lambda: f"{n()} == {n()}",
            lambda: f"!{b()}",
            lambda: f"{b()} && {b()}",
            lambda: f"{b()} || {b()}",
            lambda: f"contains({li()}, {s()})",
            lambda: f'startswith({s()}, "{self.pick(["A", "a", "S"])}")',
            lambda: f'endswith({s()}, "{self.pick(["d", "6", "M"])}")',
            lambda: f"alltrue([{b()}, {b()}])",
            lambda: f"anytrue([{b()}, {b()}])",
            lambda: f"length({li()}) > 1",
            lambda: f'{s()} != ""',
        ]
        return self.pick(choices)()

    # -- collections --------------------------------------------------------------------
    def _list(self, d: int) -> str:
        s, li, m, b = (
            (lambda: self.of("string", d)),
            (lambda: self.of("list", d)),
            (lambda: self.of("map", d)),
            (lambda: self.of("bool", d)),
        )
        choices = [
            lambda: f"[{s()}, {s()}]",
            lambda: f"concat({li()}, {li()})",
            lambda: f'split(",", {s()})',
            lambda: f"sort({li()})",
            lambda: f"distinct({li()})",
            lambda: f"reverse({li()})",
            lambda: f"compact({li()})",
            lambda: f"keys({m()})",
            lambda: f"values({m()})",
            lambda: f"[for x in {li()} : upper(x)]",
            lambda: f'[for x in {li()} : x if x != "a"]',
            lambda: f"tolist(toset({li()}))",
            lambda: f"{b()} ? {li()} : {li()}",
            lambda: f"flatten([{li()}, [{s()}]])",
            lambda: f'formatlist("%s!", {li()})',
            lambda: f'slice(concat({li()}, ["p", "q"]), 1, 2)',
            lambda: f"tolist(setunion({li()}, {li()}))",
            lambda: "local.NS_objs[*].name",
        ]
        return self.pick(choices)()

    def _map(self, d: int) -> str:
        s, li, m = (
            (lambda: self.of("string", d)),
            (lambda: self.of("list", d)),
            (lambda: self.of("map", d)),
        )
        choices = [
            lambda: f"merge({m()}, {m()})",
            lambda: (
                f'{{ for x in {li()} : x => "v${{x}}"... }}'
                if False
                else f'{{ for x in distinct({li()}) : x => "v${{x}}" }}'
            ),
            lambda: f"{{ a = {s()}, b = {s()} }}",
            lambda: f'zipmap(["k1", "k2"], [{s()}, {s()}])',
            lambda: f"tomap({m()})",
            lambda: f"{{ for k, v in {m()} : k => upper(v) }}",
        ]
        return self.pick(choices)()


TYPES = {
    "string": ["", "string"],
    "number": ["number"],
    "bool": ["bool"],
    "list": ["list(string)", "set(string)"],
    "map": ["map(string)"],
}


def _hcl_value(rng: random.Random, kind: str) -> str:
    e = Expressions(rng, Scope())
    return e.leaf(kind)


def _raw_value(rng: random.Random, kind: str) -> str:
    """A ``-var`` / ``TF_VAR_`` value: literal text for primitives, HCL for collections."""
    if kind == "string":
        return rng.choice(["prod", "HSM", "2", "Aliyun_SM4", "a b", "true", "x=y", "[1"])
    if kind == "number":
        return rng.choice(["2", "1.5", "10", "0"])
    if kind == "bool":
        return rng.choice(["true", "false"])
    return _hcl_value(rng, kind)


def _variables(rng: random.Random, scope: Scope, case: Case, lines: list[str]) -> None:
    var_files: dict[str, list[str]] = {}
    for i in range(rng.randint(0, 3)):
        kind = rng.choice(list(TYPES))
        type_text = rng.choice(TYPES[kind])
        name = f"NS_v{i}"
        body = [f"  type = {type_text}"] if type_text else []
        has_default = rng.random() < 0.7
        if has_default:
            body.append(f"  default = {_hcl_value(rng, kind)}")
        lines += [f'variable "{name}" {{', *body, "}"]
        scope.add(kind, f"tolist(var.{name})" if "set" in type_text else f"var.{name}")
        sources = rng.sample(
            ["tfvars", "auto", "autojson", "var", "file", "env"],
            rng.randint(0 if has_default else 1, 3),
        )
        for source in sources:
            if source == "var":
                case.command_line.append(("var", f"{name}={_raw_value(rng, kind)}"))
            elif source == "env":
                case.env[name] = _raw_value(rng, kind)
            elif source == "file":
                file = f"NS_f{rng.randint(0, 1)}.tfvars"
                var_files.setdefault(file, []).append(f"{name} = {_hcl_value(rng, kind)}")
                if ("var-file", file) not in case.command_line or rng.random() < 0.3:
                    case.command_line.append(("var-file", file))
            elif source == "autojson":
                value = (
                    json.loads(_hcl_value(rng, kind)) if kind != "map" else {"a": rng.choice(WORDS)}
                )
                case.files.setdefault("NS_b.auto.tfvars.json", "{}")
                data = json.loads(case.files["NS_b.auto.tfvars.json"])
                data[name] = value
                case.files["NS_b.auto.tfvars.json"] = json.dumps(data)
            else:
                file = "terraform.tfvars" if source == "tfvars" else "NS_a.auto.tfvars"
                case.files[file] = case.files.get(file, "") + f"{name} = {_hcl_value(rng, kind)}\n"
    for file, assignments in var_files.items():
        case.files[file] = "\n".join(assignments) + "\n"
    rng.shuffle(case.command_line)


def _key_block(rng: random.Random, e: Expressions, name: str, indent: str = "") -> list[str]:
    lines = [f'{indent}resource "alicloud_kms_key" "{name}" {{']
    expansion = rng.random()
    if expansion < 0.3:
        counts = ["0", "1", "2", "3", f"length({e.of('list')})", f"{e.of('bool')} ? 2 : 1"]
        lines.append(f"{indent}  count = {rng.choice(counts)}")
    elif expansion < 0.55:
        lines.append(f"{indent}  for_each = toset({e.of('list')})")
        e.scope.add("string", "each.key")
    elif expansion < 0.65:
        lines.append(f"{indent}  for_each = {e.of('map')}")
        e.scope.add("string", "each.value")
    for attr in (
        "key_spec",
        "protection_level",
        "status",
        "automatic_rotation",
        "rotation_interval",
    ):
        if rng.random() < 0.6:
            value = (
                e.of("string")
                if attr != "automatic_rotation"
                else rng.choice([e.of("string"), f'{e.of("bool")} ? "Enabled" : "Disabled"'])
            )
            lines.append(f"{indent}  {attr} = {value}")
    lines.append(f"{indent}}}")
    return lines


def generate_case(seed: int) -> Case:
    rng = random.Random(seed)
    case = Case(f"seed-{seed}", {})
    scope = Scope()
    lines: list[str] = []
    _variables(rng, scope, case, lines)
    e = Expressions(rng, scope)
    local_lines = ['  NS_objs = [{ name = "o1" }, { name = "o2" }]', '  NS_one = { name = "solo" }']
    for i in range(rng.randint(0, 3)):
        kind = rng.choice(list(TYPES))
        local_lines.append(f"  NS_l{i} = {e.of(kind)}")
        scope.add(kind, f"local.NS_l{i}")
    if rng.random() < 0.3:
        local_lines += _heredoc(rng, e)
        scope.add("string", "local.NS_h")
    lines += ["locals {", *local_lines, "}"]
    if rng.random() < 0.35:
        _module_case(rng, e, case, lines)
    else:
        lines += _key_block(rng, e, "NS_k")
    case.files["main.tf"] = "\n".join(lines) + "\n"
    return case


def _heredoc(rng: random.Random, e: Expressions) -> list[str]:
    """A heredoc local (flush or not) with directives, strip markers and interpolations."""
    flush = rng.random() < 0.6
    strip = e._strip
    body = [
        f"    %{{ for x in {e.of('list')} {strip()}}}",
        f"    {rng.choice(['', '- '])}${{{strip()} x {strip()}}}",
        f"    %{{{strip()} endfor {strip()}}}",
        f"      %{{ if {e.of('bool')} {strip()}}}yes%{{ else }}no%{{ endif {strip()}}}",
        f"    tail ${{{strip()}{e.of('string')}{strip()}}}",
    ]
    return [f"  NS_h = <<{'-' if flush else ''}EOT", *body, "  EOT"]


def _grandchild(rng: random.Random, inner: Expressions, case: Case) -> list[str]:
    """The child calls ./inner, counted, which holds the key."""
    call = [
        'module "inner" {',
        '  source = "./inner"',
        f"  count = {rng.choice(['1', '2'])}",
        f"  pass = {inner.of('string')}",
        "}",
    ]
    deepest = Expressions(rng, Scope({"string": ["var.pass", '"fixed"']}))
    locals_ = ["locals {", '  NS_objs = [{ name = "o1" }]', '  NS_one = { name = "solo" }', "}"]
    body = ['variable "pass" {}', *locals_, *_key_block(rng, deepest, "k")]
    case.files["NS_m/inner/main.tf"] = "\n".join(body) + "\n"
    return call


def _module_case(rng: random.Random, e: Expressions, case: Case, lines: list[str]) -> None:
    inputs, declarations = [], []
    child = Scope()
    for i in range(rng.randint(1, 3)):
        kind = rng.choice(list(TYPES))
        nullable = rng.random() < 0.3
        type_text = rng.choice(TYPES[kind])
        default = _hcl_value(rng, kind)
        block = [f'variable "in{i}" {{'] + ([f"  type = {type_text}"] if type_text else [])
        block += [f"  default = {default}"] + (["  nullable = false"] if nullable else []) + ["}"]
        declarations += block
        child.add(kind, f"tolist(var.in{i})" if "set" in type_text else f"var.in{i}")
        if rng.random() < 0.8:
            inputs.append(f"  in{i} = {'null' if nullable and rng.random() < 0.5 else e.of(kind)}")
    expansion = rng.random()
    meta = []
    if expansion < 0.3:
        meta = [f"  count = {rng.choice(['1', '2', 'length(' + e.of('list') + ')'])}"]
    elif expansion < 0.55:
        meta = [f"  for_each = toset({e.of('list')})"]
    lines += ['module "NS_m" {', '  source = "./NS_m"', *meta, *inputs, "}"]
    inner = Expressions(rng, child)
    body = [
        *declarations,
        "locals {",
        '  NS_objs = [{ name = "o1" }]',
        '  NS_one = { name = "solo" }',
        "}",
        *(_grandchild(rng, inner, case) if rng.random() < 0.3 else _key_block(rng, inner, "k")),
    ]
    case.files["NS_m/main.tf"] = "\n".join(body) + "\n"


def generate(count: int, seed: int = 0) -> list[Case]:
    return [generate_case(seed * 1_000_003 + i) for i in range(count)]
