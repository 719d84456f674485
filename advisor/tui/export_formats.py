"""What the TUI can export, each rendered by the core (never by a widget)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.i18n import N_

if TYPE_CHECKING:
    from advisor.tui.state import AdvisorState


@dataclass(frozen=True)
class ExportFormat:
    """One export format. `title` and `description` are English msgids (N_): show them
    through `_()`; `key` and `filename` are the same in every language."""

    key: str
    title: str
    description: str
    filename: str
    render: Callable[[AdvisorState], str]


def _answers(state: AdvisorState) -> str:
    return state.answers_yaml()


def _report(fmt: str) -> Callable[[AdvisorState], str]:
    def render(state: AdvisorState) -> str:
        from advisor.present import render_report

        assert state.recommendation is not None
        return render_report(
            fmt, state.recommendation, catalog=state.catalog, questions=state.questions
        )

    return render


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "answers",
        N_("answers (YAML)"),
        N_("The answers, to reopen or share"),
        "answers.yaml",
        _answers,
    ),
    ExportFormat(
        "json",
        N_("recommendation (JSON)"),
        N_("The documented, versioned JSON"),
        "recommendation.json",
        _report("json"),
    ),
    ExportFormat(
        "markdown",
        N_("markdown report"),
        N_("A report to read or put in a wiki"),
        "registry-report.md",
        _report("markdown"),
    ),
    ExportFormat(
        "html",
        N_("HTML report"),
        N_("One self-contained page that prints well"),
        "registry-report.html",
        _report("html"),
    ),
    ExportFormat(
        "adr",
        N_("decision record (ADR)"),
        N_("A MADR-style architecture decision record"),
        "0001-choose-a-container-registry.md",
        _report("adr"),
    ),
)


def get_format(key: str) -> ExportFormat:
    for fmt in FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(key)
