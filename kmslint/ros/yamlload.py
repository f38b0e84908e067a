"""Loading an ROS template (YAML or JSON) into line-aware values.

ruamel.yaml composes the document into a node graph; kmslint builds its own values from it,
so that every mapping key and sequence item keeps its line, JSON gets the same treatment as
YAML, floats become ``Decimal`` and dates stay strings. ROS short forms (``!Ref x``,
``!GetAtt Res.Attr``, ``!If [...]``…) become their long form (``{"Ref": "x"}``); any other
local tag is an error with its line. Aliases are shared in the node graph, so an alias bomb
costs nothing to compose; its expanded size is measured (memoised, so in linear time) and a
template whose aliases expand past a limit is refused before anything walks it.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kmslint.budget import BudgetExceeded, check_number
from kmslint.errors import InputError
from kmslint.ros.values import LList, LMap

# Every function of the ROS function index; each has the short form ``!Name``.
FUNCTION_NAMES = (
    "Base64Encode", "Base64Decode", "Str", "Indent", "FindInMap", "GetAtt", "Join", "Sub",
    "Select", "GetAZs", "Replace", "Split", "Equals", "And", "Or", "Not", "Index", "If",
    "Length", "ListMerge", "GetJsonValue", "MergeMapToList", "Avg", "SelectMapList", "Add",
    "Calculate", "Max", "Min", "GetStackOutput", "Jq", "FormatTime", "MarketplaceImage", "Any",
    "Contains", "EachMemberIn", "MatchPattern", "Cidr",
)  # fmt: skip
SHORT_FORMS: dict[str, str] = {
    "!Ref": "Ref",
    **{f"!{name}": f"Fn::{name}" for name in FUNCTION_NAMES},
}

# Expanding aliases may add at most this many nodes to what the text itself holds.
MAX_ALIAS_EXPANSION = 100_000
# Flow collections ([...] / {...}) nested deeper than this are refused before parsing: the YAML
# scanner's cost grows with the square of the flow depth.
MAX_FLOW_DEPTH = 100
_TOKEN_START = set("[{,:-?\n")

_STANDARD = "tag:yaml.org,2002:"
_TAG_AT = re.compile(r"!\S*\s+$")


def load_document(text: str, path: str) -> Any:
    """Parse one template; YAML problems become ``InputError`` with the line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    check_flow_depth(text, path)
    try:
        node = YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except YAMLError as exc:
        raise InputError(path, None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError(path, None, "the template is nested too deeply") from None
    if node is None:
        return None
    check_alias_expansion(node, path)
    return _Builder(path).build(node)


def _syntax_error(exc: Any, text: str, path: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    if mark is not None and _two_short_forms(text, mark):
        source_line = text.splitlines()[mark.line]
        outer = _TAG_AT.search(source_line[: mark.column])
        pair = (
            f"{outer.group(0).strip() if outer else '!…'} {source_line[mark.column :].split()[0]}"
        )
        message = (
            f"two short-form functions in a row ({pair}): ROS does not accept this; "
            "write one of them in its full form (Fn::Name: ...)"
        )
        return InputError(path, line, message)
    ended = exc.problem and ("<stream end>" in exc.problem or "end of stream" in exc.problem)
    if ended and exc.context and exc.context_mark is not None:
        what = re.sub(r"^while (parsing|scanning) ", "", exc.context)
        return InputError(
            path,
            exc.context_mark.line + 1,
            f"invalid YAML: {what} starts here and is never closed ({exc.problem})",
        )
    parts = [part for part in (exc.context, exc.problem) if part]
    message = "invalid YAML: " + "; ".join(parts) if parts else f"invalid YAML: {exc}"
    if (
        exc.context_mark is not None
        and exc.problem_mark is not None
        and exc.context_mark.line != exc.problem_mark.line
    ):
        message += f" (the construct starts on line {exc.context_mark.line + 1})"
    return InputError(path, line, message)


def _two_short_forms(text: str, mark: Any) -> bool:
    """Whether the parser stopped at a tag that directly follows another tag."""
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    source_line = lines[mark.line]
    return source_line[mark.column : mark.column + 1] == "!" and bool(
        _TAG_AT.search(source_line[: mark.column])
    )


def check_flow_depth(text: str, path: str) -> None:
    """Refuse ``[[[[...`` nested beyond MAX_FLOW_DEPTH (quotes and comments are skipped)."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth, line, index, previous = 0, 1, 0, "\n"
    while index < len(text):
        char = text[index]
        if char in "\"'" and previous in _TOKEN_START:
            index, line = _skip_quoted(text, index, line)
            previous = char
            continue
        if char in "!&*" and previous in _TOKEN_START:  # a tag, anchor or alias: skip its name
            while index < len(text) and text[index] not in " \t\r\n,]}":
                index += 1
            continue
        if char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        if char == "\n":
            line += 1
        if char in "[{" and previous in _TOKEN_START:
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise InputError(
                    path,
                    line,
                    f"the template nests more than {MAX_FLOW_DEPTH} levels of [ ] / {{ }}",
                )
        elif char in "]}" and depth:
            depth -= 1
        if char not in " \t\r":
            previous = char
        index += 1


def _skip_quoted(text: str, index: int, line: int) -> tuple[int, int]:
    """Index just after the quoted scalar starting at ``index``, and the line it ends on."""
    quote, index = text[index], index + 1
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index + 1, line
        index += 1
    return index, line


def _children(node: Any) -> list[Any]:
    if not isinstance(node.value, list):
        return []
    children: list[Any] = []
    for item in node.value:
        children.extend(item if isinstance(item, tuple) else (item,))
    return children


def _node_line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def check_alias_expansion(root: Any, path: str) -> None:
    """Refuse a document whose aliases expand to far more nodes than it holds (or loop)."""
    unique: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) not in unique:
            unique.add(id(node))
            pending.extend(_children(node))
    limit = len(unique) + MAX_ALIAS_EXPANSION
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError(
                path,
                _node_line(node),
                "a YAML alias refers to the node that contains it (recursive alias)",
            )
        active.add(key)
        total = 1
        for child in _children(node):
            total += size(child)
            if total > limit:
                message = f"YAML aliases here expand to more than {limit} nodes (an alias bomb?); refusing the template"
                raise InputError(path, _node_line(node), message)
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


class _Builder:
    """Node graph -> LMap/LList/scalars, with ROS short forms turned into long forms."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.built: dict[int, Any] = {}

    def build(self, node: Any) -> Any:
        key = id(node)
        if key not in self.built:
            self.built[key] = self._build(node)
        return self.built[key]

    def _build(self, node: Any) -> Any:
        tag = node.tag or ""
        if tag.startswith("!") and tag != "!":
            return self._short_form(node, tag)
        if tag and tag != "!" and not tag.startswith(_STANDARD):
            raise InputError(self.path, _node_line(node), f"unknown tag {tag}")
        return self._untagged(node, tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else "")

    def _short_form(self, node: Any, tag: str) -> LMap:
        long_name = SHORT_FORMS.get(tag)
        line = _node_line(node)
        if long_name is None:
            close = difflib.get_close_matches(tag, list(SHORT_FORMS), n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]}?)" if close else ""
            if tag == "!Condition":
                hint = " (ROS names a condition by its plain name, without a tag)"
            raise InputError(self.path, line, f"unknown tag {tag}: ROS has no such function{hint}")
        value = self._untagged(node, "str" if _is_scalar(node) else "")
        if long_name == "Fn::GetAtt" and isinstance(value, str) and "." in value:
            parts = LList(line)
            parts.extend(value.split(".", 1))
            parts.item_lines.extend([line, line])
            value = parts
        function = LMap(line, int(node.end_mark.line) + 1)
        function[long_name] = value
        function.key_lines[long_name] = line
        function.value_lines[long_name] = line
        return function

    def _untagged(self, node: Any, kind: str) -> Any:
        if _is_scalar(node):
            return self._scalar(node, kind)
        if _is_mapping_node(node):
            return self._mapping(node)
        return self._sequence(node)

    def _scalar(self, node: Any, kind: str) -> Any:
        text: str = node.value
        if kind in ("int", "float"):
            number = _to_int(text) if kind == "int" else _to_decimal(text)
            try:
                if not isinstance(number, str):
                    check_number(number)
            except BudgetExceeded as exc:
                raise InputError(self.path, _node_line(node), str(exc)) from None
            return number
        if kind == "bool":
            return text.lower() == "true"
        if kind == "null":
            return None
        if kind in ("str", "timestamp", "binary", ""):
            return text
        raise InputError(self.path, _node_line(node), f"unknown tag !!{kind}")

    def _sequence(self, node: Any) -> LList:
        result = LList(_node_line(node), int(node.end_mark.line) + 1)
        for child in node.value:
            result.append(self.build(child))
            result.item_lines.append(_node_line(child))
        return result

    def _mapping(self, node: Any) -> LMap:
        result = LMap(_node_line(node), int(node.end_mark.line) + 1)
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD + "merge":
                merges.append(value_node)
                continue
            key = self._key(key_node)
            if key in result:
                message = f"duplicate key {key!r} (first on line {result.key_lines[key]})"
                raise InputError(self.path, _node_line(key_node), message)
            result[key] = self.build(value_node)
            result.key_lines[key] = _node_line(key_node)
            result.value_lines[key] = _node_line(value_node)
            if _is_scalar(value_node) and getattr(value_node, "style", None) in ("|", ">"):
                result.block_scalars.add(key)
        for merged in merges:
            self._merge(result, merged)
        return result

    def _merge(self, result: LMap, value_node: Any) -> None:
        sources = [self.build(value_node)]
        if isinstance(sources[0], list):
            sources = list(sources[0])
        for source in sources:
            if not isinstance(source, LMap):
                raise InputError(
                    self.path,
                    _node_line(value_node),
                    "a merge key (<<) needs a mapping or a list of mappings",
                )
            for key, value in source.items():
                if key not in result:
                    result[key] = value
                    result.key_lines[key] = source.key_line(key)

    def _key(self, node: Any) -> str:
        if not _is_scalar(node) or (node.tag or "").startswith("!"):
            raise InputError(self.path, _node_line(node), "a mapping key must be a plain string")
        return str(node.value)


def _is_scalar(node: Any) -> bool:
    return isinstance(node.value, str)


def _is_mapping_node(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"


def _to_int(text: str) -> int | str:
    cleaned = text.replace("_", "")
    for base in (10, 0):
        try:
            return int(cleaned, base)
        except ValueError:
            continue
    return text


def _to_decimal(text: str) -> Decimal | str:
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text
    return value if value.is_finite() else text
