"""What a diagnosis is made of: checks, the verdict per client, and the whole report.

Plain dataclasses with `to_json()` giving the documented shapes (the JSON Schema is
data/schemas/doctor.schema.json, see advisor.doctor.schema). Statuses are "ok", "warn",
"fail" and "skip" (a check that could not run because an earlier one failed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
CHECK_IDS = ("tcp", "tls", "api", "auth", "client")
STATUSES = ("ok", "warn", "fail", "skip")
_RANK = {"ok": 0, "skip": 0, "warn": 1, "fail": 2}


@dataclass
class Check:
    """One line of the diagnosis.

    `detail` lists the facts seen (one per line), `fix` the steps or config lines that
    repair a problem (empty when there is none), `sources` the vendor pages and upstream
    issues behind the cause and fix, `lesson` the slug of the lesson that explains it.
    `facts` are machine-readable findings that error signatures use to decide between
    their causes (e.g. {"tls": "plain-http"}); they are not part of the JSON output.
    """

    id: str
    status: str
    summary: str
    detail: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    lesson: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "summary": self.summary,
            "detail": list(self.detail),
            "fix": list(self.fix),
            "sources": list(self.sources),
            "lesson": self.lesson,
        }


@dataclass
class ClientVerdict:
    """Whether one client (docker, containerd, podman, buildkit) will work with the registry."""

    client: str
    status: str
    reason: str
    file: str | None = None  # where the lines go
    lines: str | None = None  # the exact text to add there, as `setup` writes it

    def to_json(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "status": self.status,
            "reason": self.reason,
            "file": self.file,
            "lines": self.lines,
        }


@dataclass
class Verdict:
    status: str
    summary: str
    clients: list[ClientVerdict] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "summary": self.summary,
            "clients": [c.to_json() for c in self.clients],
        }


@dataclass
class Report:
    """The whole diagnosis of one host; `matches` is filled when an error message was given."""

    host: str
    checks: list[Check] = field(default_factory=list)
    verdict: Verdict | None = None
    matches: list[dict[str, Any]] | None = None

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def facts(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for c in self.checks:
            merged.update(c.facts)
        return merged

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "host": self.host,
            "checks": [c.to_json() for c in self.checks],
            "verdict": self.verdict.to_json() if self.verdict else None,
        }
        if self.matches is not None:
            doc["matches"] = self.matches
        return doc


def worst(statuses: list[str]) -> str:
    """The most serious of some statuses ("ok" for none)."""
    return max(statuses, key=lambda s: _RANK[s], default="ok")
