"""Safe YAML reading for every data file: bounded, regular files only, clear errors.

Every loader in the project goes through `read_text` and `parse_yaml`, so any broken or
hostile file yields DataErrors naming the file and line, never a traceback:

- the file is opened once and checked on the open descriptor: only a regular file is read
  (a FIFO, `/dev/zero` or a directory is refused), and at most the limit plus one byte is
  read, whatever `st_size` claims;
- values YAML cannot build (`2026-02-30`, `!!int abc`, an unhashable key) and duplicate keys
  are errors with file:line, like syntax errors;
- aliases that would expand past a node budget are refused (alias bombs);
- `line_of` answers from an index built once per mapping, so locating 20,000 problems is
  linear, not quadratic.
"""

from __future__ import annotations

import os
import re
import stat
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import N_, DataError, _

# PyYAML is imported only when something is parsed: with the validated-data cache warm,
# most runs never need it.
if TYPE_CHECKING:
    import yaml

MAX_BYTES = 2 * 1024 * 1024
# A document whose aliases would expand it past this many nodes is refused outright.
MAX_EXPANDED_NODES = 200_000

_FILE_KINDS = (
    (stat.S_ISDIR, N_("a directory")),
    (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)

# Short names for the YAML tags whose values can fail to build.
_TAG_NAMES = {
    "tag:yaml.org,2002:timestamp": N_("date"),
    "tag:yaml.org,2002:int": N_("whole number"),
    "tag:yaml.org,2002:float": N_("number"),
    "tag:yaml.org,2002:bool": N_("boolean"),
    "tag:yaml.org,2002:binary": N_("base64 value"),
}


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ('a FIFO (named pipe)'), from an st_mode."""
    for test, words in _FILE_KINDS:
        if test(mode):
            return _(words)
    return _("not a regular file")


def read_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; DataError on anything else.

    The checks are made on the open descriptor (no race between check and read). The file is
    opened non-blocking so a FIFO cannot hang the open, and the read stops at max_bytes + 1,
    so a device that never ends (`/dev/zero`) or a file growing under us cannot exhaust
    memory. Symbolic links are followed: reading through one is harmless.
    """
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(_("no such file"), file=name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = getattr(exc, "strerror", None) or _("invalid file name")
        raise DataError(_("cannot read file ({reason})").format(reason=reason), file=name) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DataError(
                _("is {kind}, expected a YAML file").format(kind=file_kind(st.st_mode)), file=name
            )
        if st.st_size > max_bytes:
            raise DataError(_too_big(st.st_size, max_bytes), file=name)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise DataError(_too_big(total, max_bytes, at_least=True), file=name)
        return b"".join(chunks)
    except OSError as exc:
        raise DataError(
            _("cannot read file ({reason})").format(reason=exc.strerror), file=name
        ) from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    if at_least:
        return _("file is more than {limit} bytes, over the {limit}-byte limit").format(limit=limit)
    return _("file is {size} bytes, over the {limit}-byte limit").format(size=size, limit=limit)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file with `read_bytes`' checks, raising DataError on any problem."""
    raw = read_bytes(path, max_bytes=max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            _("not valid UTF-8 (byte {byte} at offset {offset})").format(
                byte=f"0x{raw[exc.start]:02x}", offset=exc.start
            ),
            file=str(path),
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
                _("aliases expand to more than {count} nodes; refusing (alias bomb?)").format(
                    count=MAX_EXPANDED_NODES
                )
            )
        memo[key] = total
        return total

    return size(root)


# libyaml composes nested nodes by C recursion: about 50,000 levels overflow the C stack
# and kill the process. Text that might nest deeper than this goes to the pure-Python
# loader, whose recursion limit turns into a DataError instead.
MAX_C_DEPTH = 5_000
_LOADERS: dict[bool, type] = {}


def might_nest_deeper(text: str, limit: int = MAX_C_DEPTH) -> bool:
    """A cheap upper bound on the nesting depth of YAML text exceeds `limit`: flow brackets
    counted as if none were quoted, and block nesting bounded by the leading indentation
    and indicators of a line ('- - - x' nests on one line)."""
    brackets = re.sub(r"[^\[\]{}]+", "", text)
    if len(brackets) > limit:
        depth = deepest = 0
        for ch in brackets:
            depth += 1 if ch in "[{" else -1
            deepest = max(deepest, depth)
        if deepest > limit:
            return True
    lead = max((len(m.group()) for m in re.finditer(r"(?m)^[ \t?:-]+", text)), default=0)
    return lead > limit


def _loader_class(c_ok: bool = True) -> type:
    """The safe loader (libyaml's when present and `c_ok`), refusing duplicate keys and
    turning any failure to build a value into a ConstructorError that carries the value's
    position."""
    if c_ok in _LOADERS:
        return _LOADERS[c_ok]
    import yaml
    from yaml.constructor import ConstructorError

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if c_ok else yaml.SafeLoader

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (yaml.YAMLError, RecursionError, MemoryError):
                raise
            except Exception as exc:  # PyYAML's constructors fail in many ways: all are data
                what = _(_TAG_NAMES.get(node.tag, N_("value")))
                shown = node.value if isinstance(node.value, str) else ""
                shown = repr(shown) if len(shown) <= 40 else repr(shown[:37]) + "..."
                detail = str(exc) if isinstance(exc, ValueError) else ""
                detail = detail if len(detail) <= 60 else ""
                raise ConstructorError(
                    None,
                    None,
                    _("not a valid {what}: {value}").format(what=what, value=shown)
                    + (f" ({detail})" if detail else ""),
                    node.start_mark,
                ) from None

        def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                first: dict[Any, yaml.Node] = {}
                for key_node, _value in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue  # `<<: *base` then overriding a key is allowed
                    key = self.construct_object(key_node, deep=True)
                    try:
                        seen = first.setdefault(key, key_node)
                    except TypeError:
                        continue  # unhashable: the base class reports it
                    if seen is not key_node:
                        shown = repr(key) if len(repr(key)) <= 40 else repr(key)[:37] + "..."
                        raise ConstructorError(
                            None,
                            None,
                            _("duplicate key {key} (first on line {line})").format(
                                key=shown, line=seen.start_mark.line + 1
                            ),
                            key_node.start_mark,
                        )
            return super().construct_mapping(node, deep)

    # Keep the class's own constructor table (it is looked up per class).
    Loader.yaml_constructors = dict(base.yaml_constructors)
    _LOADERS[c_ok] = Loader
    return Loader


# What YAML 1.1 lets a stream hold (PyYAML's Reader.NON_PRINTABLE, inverted): tab, newline,
# carriage return, printable ASCII, NEL and the printable Unicode planes.
# https://yaml.org/spec/1.1/#id868524 (c-printable), read 2026-11-30.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Names for the characters people actually meet in a broken file.
_CHARACTER_NAMES = {0x00: "a NUL byte", 0x1B: "an escape character (ESC)", 0x7F: "a DEL character"}


def not_text(text: str, name: str) -> DataError | None:
    """A DataError (file, line, column) for the first character YAML does not allow in a
    file (a NUL byte, another control character, a lone surrogate), or None."""
    match = _NOT_YAML.search(text)
    if match is None:
        return None
    code = ord(match.group())
    what = _CHARACTER_NAMES.get(code) or (
        f"a control character (U+{code:04X})" if code < 0xA0 else f"the character U+{code:04X}"
    )
    start = match.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return DataError(
        f"contains {what}; YAML files are text",
        file=name,
        line=line,
        column=column,
    )


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into (data, root node). The node keeps line numbers for errors.

    Raises DataError (file, line, column) for characters YAML does not allow (a NUL byte,
    control characters), syntax errors, values that cannot be built, duplicate keys, alias
    bombs and nesting too deep to build.
    """
    import yaml

    problem = not_text(text, name)
    if problem is not None:
        raise problem
    loader = _loader_class(c_ok=not might_nest_deeper(text))(text)
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
    except yaml.constructor.ConstructorError as exc:
        raise _marked(exc, name, "") from None
    except yaml.MarkedYAMLError as exc:
        # PyYAML's own description of the problem stays as PyYAML words it.
        raise _marked(exc, name, _("YAML syntax error: ")) from None
    except yaml.YAMLError as exc:
        raise DataError(_("YAML error: {error}").format(error=exc), file=name) from None
    except RecursionError:
        raise DataError(_("YAML nests too deeply"), file=name) from None
    finally:
        loader.dispose()
    return data, node


def _marked(exc: Any, name: str, prefix: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    return DataError(
        f"{prefix}{problem}",
        file=name,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def load_yaml(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Any, yaml.Node | None]:
    """Load a YAML file safely; return (data, root node). Empty files raise DataError."""
    name = str(path)
    text = read_text(path, max_bytes=max_bytes)
    if not text.strip():
        raise DataError(_("file is empty"), file=name)
    data, node = parse_yaml(text, name)
    if data is None:
        raise DataError(_("file holds no data (only comments or null)"), file=name)
    return data, node


# For each mapping node: {key text: (line of the key, value node)}, built on first use.
_INDEX: weakref.WeakKeyDictionary[Any, dict[str, tuple[int, Any]]] = weakref.WeakKeyDictionary()


def _mapping_index(node: yaml.MappingNode) -> dict[str, tuple[int, Any]]:
    index = _INDEX.get(node)
    if index is None:
        import yaml

        index = {}
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value not in index:
                index[k.value] = (k.start_mark.line + 1, v)
        _INDEX[node] = index
    return index


def line_of(node: yaml.Node | None, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the value at `path` (keys and list indexes) in a node tree.

    Stops at the deepest part of the path that exists. Each mapping is indexed once, so a
    lookup costs the depth of the path.
    """
    if node is None:
        return None
    import yaml

    best = node.start_mark.line + 1
    current = node
    for part in path:
        nxt = None
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            found = _mapping_index(current).get(part)
            if found is not None:
                best, nxt = found
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
