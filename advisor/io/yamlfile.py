"""Safe YAML loading for every data file: size limit, alias-bomb refusal, clear errors.

Every loader in the project goes through `load_yaml`, so a broken file always yields
one DataError naming the file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import DataError

# PyYAML is imported only when something is parsed: with the validated-data cache warm,
# most runs never need it.
if TYPE_CHECKING:
    import yaml

MAX_BYTES = 2 * 1024 * 1024
# A document whose aliases would expand it past this many nodes is refused outright.
MAX_EXPANDED_NODES = 200_000


def _loader_class() -> type:
    import yaml

    # libyaml is much faster; fall back to the pure-Python loader.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file with a size limit, raising DataError on any problem."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise DataError("no such file", file=name) from None
    except OSError as exc:
        raise DataError(f"cannot read file ({exc.strerror})", file=name) from None
    if p.is_dir():
        raise DataError("is a directory, expected a YAML file", file=name)
    if size > max_bytes:
        raise DataError(f"file is {size} bytes, larger than the {max_bytes}-byte limit", file=name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file ({exc.strerror})", file=name) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file=name,
            line=line,
        ) from None


def _expanded_size(root: yaml.Node) -> int:
    """Count nodes as if every alias were expanded, memoised so it stays linear."""
    import yaml

    memo: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = 1  # cycles (recursive aliases) count once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        if total > MAX_EXPANDED_NODES:
            raise DataError(
                f"aliases expand to more than {MAX_EXPANDED_NODES} nodes; refusing (alias bomb?)"
            )
        memo[key] = total
        return total

    return size(root)


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into (data, root node). The node keeps line numbers for errors."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "&" in text or "*" in text:
            try:
                _expanded_size(node)
            except DataError as exc:
                exc.file = name
                raise
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(
            f"YAML syntax error: {problem}",
            file=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML error: {exc}", file=name) from None
    except RecursionError:
        raise DataError("YAML nests too deeply", file=name) from None
    finally:
        loader.dispose()
    return data, node


def load_yaml(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Any, yaml.Node | None]:
    """Load a YAML file safely; return (data, root node). Empty files raise DataError."""
    name = str(path)
    text = read_text(path, max_bytes=max_bytes)
    if not text.strip():
        raise DataError("file is empty", file=name)
    data, node = parse_yaml(text, name)
    if data is None:
        raise DataError("file holds no data (only comments or null)", file=name)
    return data, node


def line_of(node: yaml.Node | None, path: tuple[str | int, ...]) -> int | None:
    """Find the 1-based line of the value at `path` (keys and list indexes) in a node tree."""
    if node is None:
        return None
    import yaml

    best = node.start_mark.line + 1 if node is not None else None
    current = node
    for part in path:
        if current is None:
            break
        nxt = None
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            for k, v in current.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    nxt = v
                    best = k.start_mark.line + 1
                    break
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(current.value)
        ):
            nxt = current.value[part]
            best = nxt.start_mark.line + 1
        if nxt is None:
            break
        current = nxt
    return best
