"""The architecture holds: packages import downwards only, the core never imports Textual,
and no module imports itself back through others (no import cycles)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def test_import_linter_contracts_are_kept() -> None:
    """The layers and the Textual ban in pyproject.toml's [tool.importlinter] are kept."""
    # Beside this interpreter first: in a virtual environment that is not activated (as
    # the README's test command runs) the script is not on PATH.
    beside = Path(sys.executable).parent / "lint-imports"
    exe = str(beside) if beside.exists() else shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is a test dependency: pip install '.[test]'")
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_import_cycles() -> None:
    """No strongly connected group of modules, counting imports inside functions too."""
    import grimp

    graph = grimp.build_graph("advisor", cache_dir=None)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    # A package's __init__ importing its own children is not a cycle of concern.
    real = [g for g in cycles if not all(m.startswith(g[0] + ".") or m == g[0] for m in g)]
    assert not real, real
