"""Known error messages (data/errors.yaml): validated at load, matched against a message,
and their causes ordered, with the facts of a live diagnosis when there is one.

Patterns are Python regular expressions compiled with re.IGNORECASE; nothing in the file
is evaluated. Patterns with nested quantifiers (catastrophic backtracking) are refused at
load, and a message is cut to MAX_MESSAGE characters before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.errors import DataError, UsageError
from advisor.i18n import _

MAX_MESSAGE = 64 * 1024
MAX_PATTERN = 300
SCHEMA_VERSION = 1
# The facts a cause's `when` may test, and the values each can take (None: any string).
FACTS: dict[str, tuple[Any, ...] | None] = {
    "tcp": ("ok", "refused", "timeout", "no-such-host"),
    "tls": None,
    "tls_problems": (
        "plain-http", "unknown-authority", "incomplete-chain", "expired", "not-yet-valid",
        "no-san", "name-mismatch", "handshake-failed",
    ),
    "tls_system_trust": (True, False),
    "api": ("ok", "no-version-header", "not-a-registry", "no-answer", "timeout"),
    "auth": ("none", "basic", "bearer", "no-challenge"),
    "credentials": ("valid", "invalid"),
    "some_client_fails": (True, False),
    **{f"{c}_ok": (True, False) for c in ("docker", "containerd", "podman", "buildkit")},
    **{f"{c}_problems": (True, False) for c in ("docker", "containerd", "podman", "buildkit")},
}  # fmt: skip
CHECK_IDS = ("tcp", "tls", "api", "auth", "client")
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*]\)[+*{]")


def errors_file() -> Path:
    from advisor.io.paths import data_file

    return data_file("errors.yaml")


@dataclass(frozen=True)
class Cause:
    id: str
    cause: str
    checks: tuple[str, ...]
    when: dict[str, Any]
    fix: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    id: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    lesson: str
    sources: tuple[str, ...]
    causes: tuple[Cause, ...]

    def score(self, message: str) -> tuple[int, str]:
        """The length of the longest pattern match (0: no match) and the matched text."""
        best, text = 0, ""
        for pattern in self.patterns:
            m = pattern.search(message)
            if m and len(m.group(0)) > best:
                best, text = max(len(m.group(0)), 1), m.group(0)
        return best, text


def _models() -> Any:
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

    Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    Text = Annotated[str, Field(min_length=1, max_length=2000)]

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class Source(Strict):
        url: Annotated[str, Field(pattern=r"^https://\S+$", max_length=500)]
        read: Annotated[Any, Field(default=None)]

        @field_validator("read")
        @classmethod
        def _date(cls, v: Any) -> Any:
            import datetime as dt

            if v is None:
                return None
            if isinstance(v, dt.date):
                return v.isoformat()
            return dt.date.fromisoformat(str(v)).isoformat()

    class CauseModel(Strict):
        id: Slug
        cause: Text
        checks: list[Literal["tcp", "tls", "api", "auth", "client"]] = []
        when: dict[str, Any] = {}
        fix: Text
        sources: list[Source] = []

        @field_validator("when")
        @classmethod
        def _when(cls, when: dict[str, Any]) -> dict[str, Any]:
            for fact, want in when.items():
                if fact not in FACTS:
                    from advisor.errors import did_you_mean

                    raise ValueError(f"unknown fact '{fact}'{did_you_mean(fact, FACTS)}")
                allowed = FACTS[fact]
                values = want if isinstance(want, list) else [want]
                for v in values:
                    if allowed is not None and v not in allowed:
                        raise ValueError(f"'{fact}' cannot be {v!r}; one of {list(allowed)}")
            return when

    class SignatureModel(Strict):
        id: Slug
        title: Text
        patterns: Annotated[list[str], Field(min_length=1)]
        lesson: Slug
        sources: Annotated[list[Source], Field(min_length=1)]
        causes: Annotated[list[CauseModel], Field(min_length=1)]

        @field_validator("patterns")
        @classmethod
        def _patterns(cls, patterns: list[str]) -> list[str]:
            for p in patterns:
                if not p or len(p) > MAX_PATTERN:
                    raise ValueError(f"a pattern must have 1 to {MAX_PATTERN} characters")
                if _NESTED_QUANTIFIER.search(p):
                    raise ValueError(f"pattern {p!r} nests quantifiers (slow to match); simplify")
                try:
                    re.compile(p, re.IGNORECASE)
                except re.error as exc:
                    raise ValueError(
                        f"pattern {p!r} is not a valid regular expression: {exc}"
                    ) from None
            return patterns

        @model_validator(mode="after")
        def _unique_causes(self) -> SignatureModel:
            ids = [c.id for c in self.causes]
            dup = {i for i in ids if ids.count(i) > 1}
            if dup:
                raise ValueError(f"duplicate cause id(s): {', '.join(sorted(dup))}")
            return self

    class ErrorsFile(Strict):
        version: Literal[1]
        signatures: Annotated[list[SignatureModel], Field(min_length=1)]

    return ErrorsFile


def _validate(text: str, file: str) -> dict[str, Any]:
    from pydantic import ValidationError

    from advisor.io.problems import problems_from, raise_all
    from advisor.io.yamlfile import parse_yaml

    data, node = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise DataError("expected a mapping with 'version' and 'signatures'", file=file)
    raw = data.get("signatures") if isinstance(data.get("signatures"), list) else []

    def item_of(loc: tuple) -> tuple[str | None, tuple]:
        if len(loc) >= 2 and loc[0] == "signatures" and isinstance(loc[1], int):
            s = raw[loc[1]] if loc[1] < len(raw) else None
            sid = s.get("id") if isinstance(s, dict) else None
            return (f"signature {sid}" if isinstance(sid, str) else f"signatures[{loc[1]}]",
                    loc[2:])  # fmt: skip
        return None, loc

    model = _models()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise_all(problems_from(exc, node, file, model, item_of))
        raise  # pragma: no cover
    ids = [s.id for s in parsed.signatures]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise DataError(f"duplicate signature id(s): {', '.join(dup)}", file=file)
    return parsed.model_dump(mode="json")


def load_signatures(path: str | Path | None = None) -> list[Signature]:
    """The signatures of `path` (default: the shipped data/errors.yaml), validated.

    Raises DataError naming the file, line and signature for any problem. The validated
    form is cached (advisor.io.cache), so repeat runs skip pydantic.
    """
    from advisor.io.cache import load_validated
    from advisor.io.yamlfile import read_text

    file = Path(path) if path is not None else errors_file()
    text = read_text(file)
    if not text.strip():
        raise DataError("file is empty", file=str(file))
    data = load_validated("errors", text, [Path(__file__)], lambda: _validate(text, str(file)))
    out = []
    for s in data["signatures"]:
        causes = tuple(
            Cause(
                id=c["id"],
                cause=c["cause"],
                checks=tuple(c["checks"]),
                when=dict(c["when"]),
                fix=c["fix"],
                sources=tuple(x["url"] for x in c["sources"]),
            )
            for c in s["causes"]
        )
        out.append(
            Signature(
                id=s["id"],
                title=s["title"],
                patterns=tuple(re.compile(p, re.IGNORECASE) for p in s["patterns"]),
                lesson=s["lesson"],
                sources=tuple(x["url"] for x in s["sources"]),
                causes=causes,
            )
        )
    return out


def check_message(message: str) -> str:
    """The message to match: not empty, cut to MAX_MESSAGE characters (the end, where the
    error usually is). Raises UsageError for an empty one."""
    if not message or not message.strip():
        raise UsageError(_("the error message is empty: give --error 'MESSAGE' or pipe it in"))
    return message[-MAX_MESSAGE:]


def decide(cause: Cause, facts: dict[str, Any] | None) -> str:
    """'confirmed' when every fact in `when` holds, 'ruled-out' when a known fact differs,
    else 'possible' (also for causes no check can decide, and when no host was probed)."""
    if not facts or not cause.when:
        return "possible"
    unknown = False
    for fact, want in cause.when.items():
        wanted = want if isinstance(want, list) else [want]
        if fact not in facts or facts[fact] is None:
            unknown = True
            continue
        have = facts[fact]
        held = any(w in have for w in wanted) if isinstance(have, list) else have in wanted
        if not held:
            return "ruled-out"
    return "possible" if unknown else "confirmed"


_ORDER = {"confirmed": 0, "possible": 1, "ruled-out": 2}


def match(
    message: str, signatures: list[Signature], facts: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The likely causes of `message`, most likely first, as JSON-able dicts:
    {"id": "SIGNATURE/CAUSE", "signature", "title", "matched", "cause", "checks", "status",
    "fix", "lesson", "sources"}. Signatures are ranked by the length of text they match
    (the more specific first); with `facts` from a diagnosis, confirmed causes come first
    and ruled-out ones last."""
    text = check_message(message)
    hits = []
    for order, sig in enumerate(signatures):
        score, matched = sig.score(text)
        if score:
            hits.append((score, order, sig, matched))
    hits.sort(key=lambda h: (-h[0], h[1]))
    out: list[dict[str, Any]] = []
    for rank, (_score, _order, sig, matched) in enumerate(hits):
        for position, cause in enumerate(sig.causes):
            status = decide(cause, facts)
            out.append(
                {
                    "id": f"{sig.id}/{cause.id}",
                    "signature": sig.id,
                    "title": sig.title,
                    "matched": matched,
                    "cause": cause.cause,
                    "checks": list(cause.checks),
                    "status": status,
                    "fix": cause.fix,
                    "lesson": sig.lesson,
                    "sources": list(dict.fromkeys([*cause.sources, *sig.sources])),
                    "_key": (_ORDER[status] if facts else 1, rank, position),
                }
            )
    out.sort(key=lambda m: m["_key"])
    for m in out:
        del m["_key"]
    return out


def needed_checks(matches: list[dict[str, Any]]) -> set[str]:
    """The checks that decide between the matched causes."""
    return {c for m in matches for c in m["checks"]}
