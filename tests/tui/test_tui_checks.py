"""Small TUI defects, each with the test that failed before its fix (issue #15 pass):
a bad --catalog stops before the app starts, the doctor screen has its own stylesheet,
and the help's "Everywhere" table lists every key the app binds everywhere."""

from __future__ import annotations

import re

from conftest import assert_one_error_line, run_cli

from advisor.tui.app import CSS_DIR, RegistryAdvisorApp


def test_a_bad_catalog_file_stops_the_tui_before_it_starts(tmp_path) -> None:
    bad = tmp_path / "overlay.yaml"
    bad.write_text("registries: [\n")
    # stdin is not a terminal: were the app to start, it would not wait for keys.
    proc = run_cli("tui", "--catalog", str(bad), input="", timeout=60)
    assert_one_error_line(proc, str(bad))
    assert proc.stdout == ""  # nothing drawn


def test_a_catalog_overlay_of_the_wrong_shape_names_the_file_and_what_was_expected(
    tmp_path,
) -> None:
    bad = tmp_path / "overlay.yaml"
    bad.write_text("- just\n- a list\n")
    proc = run_cli("tui", "--catalog", str(bad), input="", timeout=60)
    err = assert_one_error_line(proc, str(bad))
    assert "expected" in err or "must" in err, err


def test_a_bad_weight_stops_the_tui_before_it_starts() -> None:
    proc = run_cli("tui", "--weight", "speed=2", input="", timeout=60)
    assert_one_error_line(proc, "--weight", "speed")


def test_the_doctor_screen_has_its_own_stylesheet() -> None:
    from advisor.tui.screens.doctor import DoctorScreen

    sheet = CSS_DIR / "doctor.tcss"
    assert sheet.is_file()
    assert "#d-body" in sheet.read_text()
    assert "DEFAULT_CSS" not in vars(DoctorScreen)  # no inline rules left beside it


async def test_the_doctor_stylesheet_is_applied() -> None:
    from test_tui import wait_for, wait_ready

    from advisor.tui.app import make_app

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("7")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DoctorScreen")
        host = app.screen.query_one("#d-host")
        ca = app.screen.query_one("#d-ca")
        # css/doctor.tcss: the host box takes two parts of the row, the CA box one.
        assert host.size.width > 1.5 * ca.size.width


def _everywhere_rows() -> list[str]:
    from advisor.tui.screens.help import GLOBAL_KEYS

    return [line.split("|")[1].strip() for line in GLOBAL_KEYS.splitlines() if line[:2] == "| "]


def _listed(keys_cell: str) -> set[str]:
    """The keys one cell names: "1 … 7" is every digit between, "F1, ?" two keys."""
    out: set[str] = set()
    for part in re.split(r",\s*", keys_cell):
        part = part.replace("(here)", "").strip()
        span = re.fullmatch(r"(\d) … (\d)", part)
        if span:
            out |= {str(n) for n in range(int(span[1]), int(span[2]) + 1)}
        else:
            out.add(part.lower())
    return out


def _display(key: str) -> str:
    names = {"question_mark": "?", "f1": "f1"}
    return names.get(key, key)


def test_the_help_lists_every_key_that_works_everywhere() -> None:
    listed = set().union(*(_listed(cell) for cell in _everywhere_rows()))
    bound = {_display(b.key) for b in RegistryAdvisorApp.BINDINGS}
    missing = bound - listed
    assert not missing, f"keys bound on the app but not in the help's table: {sorted(missing)}"
    assert "ctrl+p" in listed  # the command palette (Textual's binding, not in BINDINGS)


def test_every_mode_key_is_named_in_the_help() -> None:
    from advisor.tui.screens.help import GLOBAL_KEYS

    # "| 1 … 7 | home, …, doctor |": one name per mode key, and a key per mode.
    rows = [line for line in GLOBAL_KEYS.splitlines() if line.startswith("| ")]
    row = next(line for line in rows if "…" in line.split("|")[1])
    keys, names = row.split("|")[1:3]
    assert len(_listed(keys)) == len([n for n in names.split(",") if n.strip()])
    assert len(_listed(keys)) == len(RegistryAdvisorApp.MODES)


async def test_esc_leaves_the_doctor_boxes_so_the_keys_work_again() -> None:
    # Found driving the real app in tmux: on the doctor screen the host box has the focus
    # and nothing let go of it, so "4" was typed into it instead of opening Compare.
    from test_tui import wait_for, wait_ready

    from advisor.tui.app import make_app

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("7")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DoctorScreen")
        await pilot.press("escape")
        await pilot.press("e")  # the error box
        await wait_for(pilot, lambda: getattr(app.screen.focused, "id", "") == "d-error")
        await pilot.press("escape", "4")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
