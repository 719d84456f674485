"""The HTML report in a real browser: headless Chromium draws it and prints it.

Skipped without Chromium, except with ADVISOR_REQUIRE_REAL=1 (CI), where that fails.
Set REPORT_SCREENSHOT=/path/file.png to keep the screenshot for a look.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, need_tool

from advisor.catalog.load import parse_catalog_file
from advisor.decide.answers import load_answers
from advisor.decide.engine import recommend
from advisor.decide.session import load_context
from advisor.present import render_report

pytestmark = pytest.mark.real

WIDTH, HEIGHT = 1200, 1600
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)  # type: ignore[return-value]
    return need_tool("chromium")


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ctx = load_context()
    catalog = parse_catalog_file(FIXTURES / "report-catalog.yaml")
    answers = load_answers(ROOT / "examples" / "onprem-offline.yaml", ctx.questions)
    rec = recommend(catalog, ctx.questions, ctx.rules, answers).to_json()
    text = render_report(
        "html", rec, catalog=catalog, questions=ctx.questions, today=dt.date(2026, 11, 27)
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(text, encoding="utf-8")
    return path


def run_browser(tmp: Path, html: Path, *args: str) -> subprocess.CompletedProcess:
    exe = chromium()
    cmd = [exe, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args, html.as_uri()]
    env = {**os.environ, "HOME": str(tmp)}
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=tmp)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish within 120 s: {' '.join(cmd)}")


# ---------------------------------------------------------------- PNG, with the stdlib


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, bytearray()
    width = height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, (depth, interlace)
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def pixels(rows: list[bytes], bpp: int, step: int = 3):
    for y in range(0, len(rows), step):
        row = rows[y]
        for x in range(0, len(row) // bpp, step):
            yield tuple(row[x * bpp : x * bpp + 3])


# ---------------------------------------------------------------- tests


def test_screenshot_is_not_blank(report_html: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    proc = run_browser(
        tmp_path, report_html, f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}"
    )
    assert png.exists(), proc.stderr[-2000:]
    keep = os.environ.get("REPORT_SCREENSHOT")
    if keep:
        shutil.copyfile(png, keep)
    width, height, bpp, rows = read_png(png)
    assert (width, height) == (WIDTH, HEIGHT)
    sample = list(pixels(rows, bpp))
    distinct = set(sample)
    non_white = sum(1 for p in sample if min(p) < 235)
    assert len(distinct) > 50, f"only {len(distinct)} colours: blank or unstyled"
    assert non_white > len(sample) * 0.05, "almost nothing drawn"
    # The header band of an insecure setup is a dark red-orange, drawn from the inline CSS.
    band = [p for p in pixels(rows[:120], bpp) if p[0] > 120 and p[1] < 90 and p[2] < 60]
    assert len(band) > 1000, "the header band is missing: the inline style did not apply"
    # ... and the page body below it is mostly white (not an error page in one colour).
    body = list(pixels(rows[400:], bpp))
    assert sum(1 for p in body if min(p) > 245) > len(body) * 0.5


def test_prints_to_pdf(report_html: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    proc = run_browser(tmp_path, report_html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists(), proc.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 20_000
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert pages >= 3, f"{pages} pages: the report did not print in full"
