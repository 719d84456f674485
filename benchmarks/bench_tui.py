"""Time to the first full screen of the TUI against a minimal Textual app (Header, Static,
Footer), both started the same way: a fresh interpreter, headless, 80x24. Each child prints
the wall-clock time at which its first screen was rendered; we measure from just before
the process was spawned.  Run: python benchmarks/bench_tui.py   (target: 1.3x or less)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from _timing import PY, ROOT

# The first time an app hands a rendered screen to its driver is its first frame: note
# the time and leave at once, so nothing done after that frame is counted.
FIRST_FRAME = """
import os, time
from textual.app import App

_display = App._display

def _first_display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None:
        print(time.time(), flush=True)
        os._exit(0)

App._display = _first_display
"""

MINIMAL = (
    FIRST_FRAME
    + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

Minimal().run(headless=True, size=(80, 24))
"""
)

OURS = (
    FIRST_FRAME
    + """
from advisor.tui.app import make_app

make_app().run(headless=True, size=(80, 24))
"""
)


def first_screen(code: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.time()
    out = subprocess.run(
        [PY, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    return float(out.strip().splitlines()[-1]) - start


def main(rounds: int) -> float:
    first_screen(OURS)
    first_screen(MINIMAL)
    ours, base = [], []
    for _ in range(rounds):
        base.append(first_screen(MINIMAL))
        ours.append(first_screen(OURS))
    ratio = statistics.median(ours) / statistics.median(base)
    print(
        f"TUI first screen: {ratio:.2f}x  (median {statistics.median(ours) * 1000:.0f} ms vs "
        f"minimal app {statistics.median(base) * 1000:.0f} ms, {rounds} rounds)"
    )
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
