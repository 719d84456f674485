"""Where the shipped data lives: inside the wheel, or at the checkout's top level."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    installed = _PKG / "data"
    if installed.is_dir():
        return installed
    return _PKG.parent / "data"


def data_file(*parts: str) -> Path:
    return data_dir().joinpath(*parts)
