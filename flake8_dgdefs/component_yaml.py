"""Reading a component file (defs.yaml, defs.yml, component.yaml) without a YAML library.

Pure: text in, a ComponentFile out. It reads the top-level `type:` of each YAML document
and the first document's `post_processing:` block, in the small block-style subset that
such files are written in (mappings, `- ` lists, `[a, b]` and `{k: v}` of plain or quoted
scalars). A value is kept only when it is exactly what Dagster's loader (PyYAML's
SafeLoader, then pydantic, then Dagster's templating) makes of it; anything else (a
`{{ }}` template, an anchor, a block scalar, a number where a string is wanted) is None,
and a block of any other shape is not read at all (`rules` None): the load model then
says what it may change instead of guessing.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

from flake8_dgdefs.project_map import Attribute, AssetRule, ComponentFile, PostProcessing

#: What Dagster lets a post-processing rule set (AssetsDefUpdateKwargs, dagster 1.13).
ATTRIBUTES = frozenset({
    "deps", "description", "metadata", "group_name", "skippable", "code_version", "owners",
    "tags", "kinds", "automation_condition", "partitions_def", "freshness_policy",
})

#: Plain scalars PyYAML's SafeLoader makes booleans or None (YAML 1.1).
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
#: Plain scalars that are certainly strings for PyYAML: no number, date, bool or null
#: starts with a letter (but the words above).
_PLAIN = re.compile(r"[A-Za-z_].*")
_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_./-]*|"[^"\\]*"|'(?:[^']|'')*')\s*:(?:\s+|$)""")
_TEMPLATE = ("{{", "{%", "{#")
_GROUP = re.compile(r"[A-Za-z0-9_]+")  # Dagster's VALID_NAME_REGEX
_TAG_KEY = re.compile(r"([A-Za-z0-9_.-]{1,63}/|dagster/kind/)?[A-Za-z0-9_.-]{1,63}")
_TAG_VALUE = re.compile(r"[A-Za-z0-9_.-]{0,63}")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,7}\b")


class Scalar(NamedTuple):
    text: str
    quoted: bool
    line: int
    col: int


class Mapping_(NamedTuple):
    items: tuple[tuple[Scalar, "Node"], ...]
    line: int
    col: int


class Sequence_(NamedTuple):
    items: tuple["Node", ...]
    line: int
    col: int


Node = Union[Scalar, Mapping_, Sequence_]


class Unreadable(Exception):
    """A YAML form this reader does not take."""


def read_component_file(text: str, path: str) -> ComponentFile:
    """What a component file says: its types, and its first document's post-processing.

    `path`: the file, as ModuleInfo.path is written (for the locations of what it sets).
    """
    documents = _documents(text)
    types = tuple(_type(lines) for lines in documents) or (None,)
    post = _post_processing(documents[0], path) if documents else None
    return ComponentFile(types[0], post, types[1:])


def _documents(text: str) -> list[list[tuple[int, str]]]:
    """The YAML documents of a file, each as (line number, line) pairs."""
    documents: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip() == "---" or line.startswith("--- "):
            if any(_content(text) for _, text in documents[-1]):
                documents.append([])
            continue
        documents[-1].append((number, line))
    return [lines for lines in documents if any(_content(text) for _, text in lines)]


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _type(lines: list[tuple[int, str]]) -> str | None:
    for _, line in lines:
        if line.startswith("type:"):
            value = line[len("type:"):].split(" #", 1)[0].strip().strip("\"'")
            return value or None
    return None


def _post_processing(lines: list[tuple[int, str]], path: str) -> PostProcessing | None:
    for index, (number, line) in enumerate(lines):
        if re.match(r"""(post_processing|"post_processing"|'post_processing')\s*:""", line):
            break
    else:
        return None
    rest = line.partition(":")[2]
    block = [(n, text) for n, text in _until_top_level(lines[index + 1:])]
    try:
        if _strip_comment(rest).strip():
            if block:
                raise Unreadable("both an inline value and a block")
            node: Node | None = _inline(_strip_comment(rest).strip(), number, line.index(":") + 1)
        else:
            node = _Parser(block).parse() if block else None
        rules = _rules(node)
    except (Unreadable, RecursionError):  # a block nested thousands of levels deep
        rules = None
    return PostProcessing(path, number, 0, rules)


def _until_top_level(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines of a top-level key's block: up to the next line written at column 0."""
    block = []
    for number, line in lines:
        if _content(line) and not line[0].isspace():
            break
        if _content(line):
            block.append((number, line))
    return block


# -- a small block-YAML parser -----------------------------------------------------------------
class _Parser:
    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines: list[tuple[int, int, str]] = []  # (line number, indent, content)
        for number, line in lines:
            stripped = line.lstrip(" ")
            if stripped.startswith("\t") or "\t" in line[: len(line) - len(stripped)]:
                raise Unreadable("a tab in the indentation")
            self.lines.append((number, len(line) - len(stripped), stripped.rstrip()))
        self.index = 0

    def parse(self) -> Node:
        node = self.node(self.lines[0][1])
        if self.index != len(self.lines):
            raise Unreadable("text after the block")
        return node

    def node(self, indent: int) -> Node:
        _, found, content = self.lines[self.index]
        if found != indent:
            raise Unreadable("unexpected indentation")
        if content == "-" or content.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int) -> Mapping_:
        items: list[tuple[Scalar, Node]] = []
        number, _, _ = self.lines[self.index]
        while self.index < len(self.lines):
            line, found, content = self.lines[self.index]
            if found < indent:
                break
            if found > indent or content.startswith("-"):
                raise Unreadable("unexpected indentation")
            match = _KEY.match(content)
            if match is None:
                raise Unreadable("not a `key: value` line")
            key = _scalar(match.group(1), line, indent)
            if not key.quoted and (key.text in _TRUE | _FALSE | _NULL):
                raise Unreadable("a key that is not a string")
            if any(existing.text == key.text for existing, _ in items):
                raise Unreadable("a key written twice")
            rest = _strip_comment(content[match.end():]).strip()
            self.index += 1
            if rest:
                value: Node = _inline(rest, line, indent + match.end())
            else:
                value = self.child(indent, line)
            items.append((key, value))
        return Mapping_(tuple(items), number, indent)

    def child(self, indent: int, line: int) -> Node:
        """The block value of a `key:` line: deeper lines, or a list at the same indent."""
        if self.index < len(self.lines):
            _, found, content = self.lines[self.index]
            if found > indent:
                return self.node(found)
            if found == indent and (content == "-" or content.startswith("- ")):
                return self.sequence(indent)
        return Scalar("", False, line, indent)

    def sequence(self, indent: int) -> Sequence_:
        items: list[Node] = []
        number, _, _ = self.lines[self.index]
        while self.index < len(self.lines):
            line, found, content = self.lines[self.index]
            if found < indent or (found == indent and not content.startswith("-")):
                break
            if found > indent or not (content == "-" or content.startswith("- ")):
                raise Unreadable("unexpected indentation")
            rest = content[1:].lstrip(" ")
            if not rest or rest.startswith("#"):  # `-` alone: the item is on the next lines
                self.index += 1
                deeper = self.index < len(self.lines) and self.lines[self.index][1] > indent
                items.append(self.node(self.lines[self.index][1]) if deeper else
                             Scalar("", False, line, indent))
                continue
            inner = indent + len(content) - len(rest)
            if _KEY.match(rest):  # `- key: value`: a mapping written from this column on
                self.lines[self.index] = (line, inner, rest)
                items.append(self.mapping(inner))
            elif rest.startswith("-"):
                raise Unreadable("a list inside a list item")
            else:
                self.index += 1
                items.append(_inline(_strip_comment(rest).strip(), line, inner))
        return Sequence_(tuple(items), number, indent)


def _strip_comment(text: str) -> str:
    """The text before a ` #` comment, quotes respected."""
    quote = ""
    for position, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (position == 0 or text[position - 1] in " [{,:"):
            quote = char
        elif char == "#" and (position == 0 or text[position - 1] == " "):
            return text[:position]
    return text


def _inline(text: str, line: int, col: int) -> Node:
    """A value written on its key's line: a scalar, `[a, b]` or `{k: v}` of scalars."""
    if text.startswith("[") and text.endswith("]"):
        return Sequence_(
            tuple(_scalar(item, line, col, flow=True) for item in _flow_items(text[1:-1])),
            line,
            col,
        )
    if text.startswith("{") and text.endswith("}"):
        pairs: list[tuple[Scalar, Node]] = []
        for item in _flow_items(text[1:-1]):
            match = _KEY.match(item)
            if match is None:
                raise Unreadable("a flow mapping item that is not `key: value`")
            key = _scalar(match.group(1), line, col, flow=True)
            if any(existing.text == key.text for existing, _ in pairs):
                raise Unreadable("a key written twice")
            pairs.append((key, _scalar(item[match.end():].strip(), line, col, flow=True)))
        return Mapping_(tuple(pairs), line, col)
    return _scalar(text, line, col)


def _flow_items(text: str) -> list[str]:
    items: list[str] = []
    current = ""
    quote = ""
    for char in text:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current += char
        elif char == ",":
            items.append(current.strip())
            current = ""
        elif char in "[]{}":
            raise Unreadable("a nested flow collection")
        else:
            current += char
    if quote:
        raise Unreadable("an unclosed quote")
    if current.strip():
        items.append(current.strip())
    elif items:
        raise Unreadable("an empty flow item")
    if any(not item for item in items):
        raise Unreadable("an empty flow item")
    return items


def _scalar(text: str, line: int, col: int, flow: bool = False) -> Scalar:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        body = text[1:-1]
        if "\\" in body or '"' in body:
            raise Unreadable("an escape in a double-quoted string")
        return Scalar(body, True, line, col)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        body = text[1:-1]
        if "'" in body.replace("''", ""):
            raise Unreadable("a quote inside a single-quoted string")
        return Scalar(body.replace("''", "'"), True, line, col)
    if text[:1] in set("\"'[]{}&*!|>%@`,?#") or text.startswith("- "):
        raise Unreadable("an indicator")
    if ": " in text or text.endswith(":") or " #" in text or (flow and ":" in text):
        raise Unreadable("a plain scalar with a colon or a comment sign")
    return Scalar(text, False, line, col)


# -- what the post_processing block says ---------------------------------------------------
def _rules(node: Node | None) -> tuple[AssetRule, ...]:
    """The rules of `post_processing:`; Unreadable when Dagster may read it otherwise (or
    refuse it: an unknown key, a missing `attributes`)."""
    if node is None or _is_null(node):
        return ()
    items = _mapping(node)
    if set(items) - {"assets"}:
        raise Unreadable("post_processing holds more than `assets`")
    assets = items.get("assets")
    if assets is None or _is_null(assets):
        return ()
    if not isinstance(assets, Sequence_):
        raise Unreadable("`assets` is not a list")
    return tuple(_rule(item) for item in assets.items)


def _rule(node: Node) -> AssetRule:
    if not isinstance(node, Mapping_):
        raise Unreadable("a rule that is not a mapping")
    items = _mapping(node)
    if set(items) - {"target", "operation", "attributes"} or "attributes" not in items:
        raise Unreadable("a rule Dagster does not take")
    target = _text(items["target"]) if "target" in items else "*"
    operation = _text(items["operation"]) if "operation" in items else "merge"
    if target is None or operation not in ("merge", "replace"):
        raise Unreadable("a target or operation that is not read")
    attributes = items["attributes"]
    if _is_null(attributes):
        raise Unreadable("attributes: null")
    found = []
    for key, value in _pairs(attributes):
        if key.text not in ATTRIBUTES:
            raise Unreadable(f"attribute {key.text!r}: Dagster refuses it")
        found.append(Attribute(key.text, _value(key.text, value), key.line, key.col))
    return AssetRule(node.line, node.col, target, operation, tuple(found))


def _value(name: str, node: Node) -> object:
    """The attribute's value exactly as Dagster resolves it, or None."""
    if name in ("group_name", "description"):
        text = _text(node)
        if text is None or (name == "group_name" and not _GROUP.fullmatch(text)):
            return None
        return text
    if name in ("kinds", "owners"):
        if not isinstance(node, Sequence_):
            return None
        values = [_text(item) for item in node.items]
        strings = [value for value in values if value is not None]
        if len(strings) != len(values):
            return None
        if name == "owners" and not all(_owner(owner) for owner in strings):
            return None
        if name == "kinds" and len(set(strings)) > 10:
            return None
        return tuple(strings)
    if name == "tags":
        if not isinstance(node, Mapping_):
            return None
        tags = []
        for key, value in node.items:
            tag_key, tag_value = _text(key), _tag_value(value)
            if tag_key is None or tag_value is None or not _TAG_KEY.fullmatch(tag_key):
                return None
            if not _TAG_VALUE.fullmatch(tag_value):
                return None
            tags.append((tag_key, tag_value))
        return tuple(tags)
    return None  # not shown by `list` (or shown only through what it changes)


def _owner(owner: str) -> bool:
    return bool(_EMAIL.fullmatch(owner)) or (owner.startswith("team:") and len(owner) > 5)


def _text(node: Node) -> str | None:
    """A string exactly as PyYAML reads it and Dagster renders it; None: not certain."""
    if not isinstance(node, Scalar):
        return None
    if any(mark in node.text for mark in _TEMPLATE):
        return None
    if node.quoted:
        return node.text
    if node.text in _TRUE | _FALSE | _NULL or not _PLAIN.fullmatch(node.text):
        return None
    return node.text


def _tag_value(node: Node) -> str | None:
    """A tag value as Dagster stores it: `str()` of what YAML read (`true` is "True")."""
    text = _text(node)
    if text is not None or not isinstance(node, Scalar) or node.quoted:
        return text
    if re.fullmatch(r"0|[1-9][0-9]*", node.text):
        return node.text
    if node.text in _TRUE:
        return "True"
    if node.text in _FALSE:
        return "False"
    return None


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and not node.quoted and node.text in _NULL


def _mapping(node: Node) -> dict[str, Node]:
    return {key.text: value for key, value in _pairs(node)}


def _pairs(node: Node) -> tuple[tuple[Scalar, Node], ...]:
    if isinstance(node, Mapping_):
        return node.items
    if _is_null(node):
        return ()
    raise Unreadable("not a mapping")
