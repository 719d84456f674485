"""Time to the settled first screen of the TUI against a minimal Textual app (Header, Static,
Footer), both started the same way: a fresh interpreter, headless, 80x24.

"Settled" is what a user sees as started: the last frame before the app goes quiet, with
its data loaded (an app with a `ready` attribute must have it true). Each child records
the wall-clock time of every frame it renders, and once it has been quiet for QUIET
seconds prints the time of its last frame and leaves; we measure from just before the
process was spawned. A first frame that is later redrawn (data arriving, a stylesheet
applied late, a Footer recomposed) is therefore not counted as the start.

Both are timed as the interpreter starts here and from a clean start (`python -S`, no .pth
start-up hooks; see _timing.py), interleaved; the larger ratio is the result.

Run: python benchmarks/bench_tui.py [ROUNDS]   (target: 1.2x or less)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from _timing import PY, ROOT, env

QUIET = 0.4

SETTLED_FRAME = f"""
import os, threading, time
from textual.app import App

_display = App._display
_seen = {{"last": None, "cpu": None, "app": None, "frames": 0}}

def _record(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None:
        _seen.update(
            last=time.time(), cpu=time.process_time(), app=self, frames=_seen["frames"] + 1
        )

App._display = _record

def _watch():
    while True:
        time.sleep(0.01)
        last, app = _seen["last"], _seen["app"]
        if last is None or not getattr(app, "ready", True):
            continue
        if time.time() - last > {QUIET}:
            print(last, _seen["cpu"], _seen["frames"], flush=True)
            os._exit(0)

threading.Thread(target=_watch, daemon=True).start()
"""

MINIMAL = (
    SETTLED_FRAME
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
    SETTLED_FRAME
    + """
from advisor.tui.app import make_app

make_app().run(headless=True, size=(80, 24))
"""
)


def settled_screen(code: str, clean: bool = False) -> tuple[float, float, int]:
    """(seconds from spawn to the settled frame, CPU seconds the process had used by then,
    frames rendered up to it). CPU time is the steadier measure on a busy machine."""
    argv = [PY, "-S", "-c", code] if clean else [PY, "-c", code]
    start = time.time()
    out = subprocess.run(
        argv, capture_output=True, text=True, env=env(clean), cwd=ROOT, check=True
    ).stdout
    last, cpu, frames = out.strip().splitlines()[-1].split()
    return float(last) - start, float(cpu), int(frames)


def main(rounds: int) -> float:
    for clean in (False, True):
        settled_screen(OURS, clean)
        settled_screen(MINIMAL, clean)
    runs: dict[tuple[str, bool], list] = {}
    for _ in range(rounds):
        for clean in (False, True):
            runs.setdefault(("base", clean), []).append(settled_screen(MINIMAL, clean))
            runs.setdefault(("ours", clean), []).append(settled_screen(OURS, clean))

    def median(key: tuple[str, bool], i: int) -> float:
        return statistics.median(r[i] for r in runs[key])

    ratios = []
    for clean, label in ((False, "as started here"), (True, "clean start, -S")):
        ours, base = ("ours", clean), ("base", clean)
        ratio = median(ours, 0) / median(base, 0)
        ratios.append(ratio)
        print(
            f"TUI settled first screen, {label}: {ratio:.2f}x  (median "
            f"{median(ours, 0) * 1000:.0f} ms vs minimal app {median(base, 0) * 1000:.0f} ms, "
            f"{rounds} rounds; CPU time {median(ours, 1) / median(base, 1):.2f}x; frames "
            f"until settled: {median(ours, 2):.0f} vs {median(base, 2):.0f})"
        )
    print(f"TUI settled first screen: {max(ratios):.2f}x (the larger of the two)")
    return max(ratios)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
