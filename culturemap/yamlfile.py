"""Reading YAML the consultant (or anyone) wrote: bounded, with line numbers, errors as coded messages.

Every YAML file culturemap reads (``culturemap.yaml``, ``codebook.yaml``, ``session.yaml``, front matter and
sidecars) goes through :func:`load` or :func:`compose`. Before anything is built, the event stream is
checked against limits, so hostile or broken files fail fast with a coded error instead of exhausting
memory or the stack:

- at most :data:`MAX_CHARS` characters,
- nesting at most :data:`MAX_DEPTH` levels deep (50,000 nested ``[`` otherwise end in a RecursionError),
- at most :data:`MAX_NODES` values once aliases are expanded (a "billion laughs" file is a few hundred
  bytes that expand to 10⁹ values).

:func:`load` returns the plain data (dicts, lists, scalars; no marker keys added) and a :class:`Lines` table
that gives the 1-based line of every mapping and sequence, so validation errors can name the line.

>>> data, lines = load("codes:\\n  - id: a\\n    patterns: [{LOWER: {IN: [x, y]}}]\\n")
>>> data["codes"][0]["patterns"][0]
{'LOWER': {'IN': ['x', 'y']}}
>>> lines.of(data["codes"][0])
2
>>> load("a: [1, 2")[0]
Traceback (most recent call last):
...
culturemap.yamlfile.YAMLProblem: line 1: expected ',' or ']', but got '<stream end>'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_NODES", "YAMLProblem", "Lines", "load", "compose"]

MAX_CHARS = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


class YAMLProblem(ValueError):
    """A YAML text that cannot be used: ``line`` (1-based or None), ``detail`` (what is wrong), ``limit``
    (True when a size, depth or alias limit was hit rather than a syntax error)."""

    def __init__(self, detail: str, line: int | None = None, *, limit: bool = False):
        self.detail, self.line, self.limit = detail, line, limit
        super().__init__(f"line {line}: {detail}" if line else detail)


@dataclass
class Lines:
    """The 1-based start line of each mapping and sequence :func:`load` built (looked up by identity)."""

    _by_id: dict[int, int] = field(default_factory=dict)
    _keys: dict[int, dict] = field(default_factory=dict)
    _keep: list = field(default_factory=list, repr=False)   # keeps the objects alive, so ids stay unique

    def of(self, value) -> int | None:
        """Line where ``value`` (a mapping or sequence from the loaded data) starts, or None."""
        return self._by_id.get(id(value))

    def key_line(self, mapping, key) -> int | None:
        """Line of ``key`` in ``mapping`` (a mapping from the loaded data), or None."""
        return self._keys.get(id(mapping), {}).get(key)

    def _add(self, value, line: int, keys: dict | None = None) -> None:
        self._by_id[id(value)] = line
        if keys is not None:
            self._keys[id(value)] = keys
        self._keep.append(value)


def _check(text: str) -> None:
    """Walk the event stream once and enforce the limits (no recursion, no expansion)."""
    import yaml

    if len(text) > MAX_CHARS:
        raise YAMLProblem(f"the file has {len(text):,} characters, more than the {MAX_CHARS:,} a settings, "
                          "codebook or metadata file can have", limit=True)
    # sizes[i]: values counted so far in the i-th open collection; anchors: expanded size per anchor
    sizes: list[int] = [0]
    anchor_of: list[str | None] = [None]
    anchors: dict[str, int] = {}
    total = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(sizes) > MAX_DEPTH:
                    raise YAMLProblem(f"nested more than {MAX_DEPTH} levels deep", line, limit=True)
                sizes.append(1)
                anchor_of.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = sizes.pop(), anchor_of.pop()
                if anchor:
                    anchors[anchor] = size
                sizes[-1] += size
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                size = anchors.get(event.anchor or "", 1) if isinstance(event, yaml.AliasEvent) else 1
                if isinstance(event, yaml.ScalarEvent) and event.anchor:
                    anchors[event.anchor] = 1
                sizes[-1] += size
                total += size
                if total > MAX_NODES or sum(sizes) > MAX_NODES:
                    raise YAMLProblem(f"its aliases expand to more than {MAX_NODES:,} values", line, limit=True)
    except yaml.YAMLError as exc:
        raise _problem(exc) from None


def _problem(exc) -> YAMLProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return YAMLProblem(str(detail).strip(), mark.line + 1 if mark is not None else None)


def load(text: str) -> tuple[Any, Lines]:
    """Parse YAML text safely within the limits; return ``(data, lines)``. Raises :class:`YAMLProblem`."""
    import yaml

    _check(text)
    lines = Lines()

    class _LineLoader(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        value = yaml.SafeLoader.construct_yaml_map(loader, node)
        data = next(value)
        keys = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        lines._add(data, node.start_mark.line + 1, keys)
        yield data
        yield from value

    def sequence(loader, node):
        value = yaml.SafeLoader.construct_yaml_seq(loader, node)
        data = next(value)
        lines._add(data, node.start_mark.line + 1)
        yield data
        yield from value

    _LineLoader.add_constructor("tag:yaml.org,2002:map", mapping)
    _LineLoader.add_constructor("tag:yaml.org,2002:seq", sequence)
    try:
        return yaml.load(text, Loader=_LineLoader), lines
    except yaml.YAMLError as exc:
        raise _problem(exc) from None
    except (ValueError, TypeError, OverflowError) as exc:   # e.g. 'date: 2024-02-30'
        raise YAMLProblem(str(exc) or type(exc).__name__) from None


def compose(text: str):
    """The YAML node tree (``yaml.compose``), for callers that need positions of every node, within the
    same limits as :func:`load`. Raises :class:`YAMLProblem`."""
    import yaml

    _check(text)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _problem(exc) from None
