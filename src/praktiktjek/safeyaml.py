"""YAML, always through a safe loader (the C one where PyYAML has it): rule packs,
waivers and column mappings are data, and a `!!python/...` tag is an error.

Two more guards (issue #9), for every YAML we load:

* **Bounded aliases.** An anchor and alias (``&a`` / ``*a``) can expand a few hundred
  bytes into gigabytes (a "billion laughs" bomb); a file whose expansion exceeds
  :data:`MAX_NODES` nodes is refused (:class:`AliasBomb`, naming the line).
* **Keys given twice** in one mapping (YAML 1.2 requires unique keys; PyYAML keeps the
  last silently, so a waiver's second ``expires`` would win): a :class:`DuplicateKey`
  naming the key and both lines.
* **Dates that do not exist** (``2021-02-30``, ``9999-99-99``) are a :class:`BadDate`
  naming the value and the line, not a bare ValueError from deep inside the loader.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any


@functools.cache
def _loader() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            raise BadDate(f"«{node.value}» i linje {node.start_mark.line + 1}",
                          node.start_mark.line + 1,
                          en=f"«{node.value}» in line {node.start_mark.line + 1}") from None

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *base` merges on purpose; its keys may be overridden
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: the base constructor says so
                if first is not None:
                    raise DuplicateKey(key_node.value, first, line)
                seen[key] = line
        return base.construct_mapping(self, node, deep=deep)

    Loader.construct_mapping = construct_mapping
    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


#: The most nodes a file may hold once its aliases are expanded (the national pack: ~6,000).
MAX_NODES = 200_000


def _refuse_aliases(text: str) -> None:
    """Refuse a file whose aliases expand to more than :data:`MAX_NODES` nodes. The
    composed graph shares aliased nodes, so counting (memoised) costs what the file
    costs; the expansion itself is never built."""
    import yaml

    if "&" not in text or "*" not in text:  # an alias needs an anchor: the common case costs nothing
        return
    root = yaml.compose(text, Loader=_loader())
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        got = sizes.get(id(node))
        if got is not None:
            return got
        sizes[id(node)] = 1  # a recursive alias counts once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(n) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        if total > MAX_NODES:  # the first (deepest) node whose expansion passes the limit
            raise AliasBomb(node.start_mark.line + 1)
        sizes[id(node)] = total
        return total

    if root is not None:
        size(root)


class AliasBomb(ValueError):
    """Valid YAML refused for what its aliases expand to (more than :data:`MAX_NODES`
    nodes: a «billion laughs» bomb). ``str`` says so in Danish, ``en`` in English;
    ``line`` is where the limit was passed (the anchor's node that first expands past it),
    so that the message does not call the file invalid YAML at line 1 (review 16, F2)."""

    def __init__(self, line: int) -> None:
        limit = f"{MAX_NODES:,}".replace(",", ".")
        super().__init__(f"for mange aliasser (&, *): i linje {line} udfolder de filen til mere end "
                         f"{limit} elementer (en «alias-bombe»); skriv værdierne ud i stedet")
        self.en = (f"too many aliases (&, *): at line {line} they expand the file to more than "
                   f"{MAX_NODES:,} nodes (an «alias bomb»); write the values out instead")
        self.line = line


class BadDate(ValueError):
    """A YAML date that does not exist (``2099-02-30``): PyYAML's date constructor lets
    it out as a bare ValueError, which callers could not tell from a bug. Says which
    value and line (``str``) and has the line (``line``)."""

    def __init__(self, message: str, line: int | None = None, en: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        #: the same in English (--lang en)
        self.en = en or message


class DuplicateKey(ValueError):
    """A key given twice in one YAML mapping. ``str`` says which key and lines (Danish);
    ``line`` is the second occurrence."""

    def __init__(self, key: object, first: int, line: int) -> None:
        shown = key if isinstance(key, str) else "?"
        super().__init__(f"nøglen «{shown}» står to gange (linje {first} og {line}); "
                         "det er uklart, hvilken værdi der gælder")
        self.en = f"the key «{shown}» is given twice (lines {first} and {line}); which value applies is unclear"
        self.key = shown
        self.first = first
        self.line = line


def load(text: str) -> Any:
    import yaml

    _refuse_aliases(text)
    try:
        return yaml.load(text, Loader=_loader())
    except (yaml.YAMLError, BadDate, DuplicateKey, AliasBomb):
        raise
    except ValueError as exc:  # a date the timestamp constructor above did not catch
        raise BadDate(str(exc)) from None


def compose(text: str) -> Any:
    """The node tree, for line numbers of entries."""
    import yaml

    _refuse_aliases(text)
    return yaml.compose(text, Loader=_loader())



def written(text: str, loc: Sequence[Any]) -> str | None:
    """The scalar at ``loc`` (keys and list places, as pydantic names a value) as the file
    writes it: ``off`` where YAML 1.1 made it ``False``, ``Yes`` where it made ``True``, so
    that a message quotes what the user wrote, not what the loader made of it (review 16,
    F2; review 14b, F5). None where ``loc`` names no scalar of the file."""
    import yaml

    try:
        node = compose(text)
    except (yaml.YAMLError, ValueError):
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and not isinstance(part, int):
            node = next((v for k, v in node.value
                         if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None
