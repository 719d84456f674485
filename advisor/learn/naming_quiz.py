"""Naming questions for the quiz, made at run time from the image-reference explainer:
"which image does Docker pull for X?", with the right answer always taken from the
explainer's canonical form and wrong answers from the usual misreadings."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from advisor.i18n import _
from advisor.learn.question import Question

NAMING_LESSON = "repositories-tags-digests-naming"


# References to ask about, with wrong answers a newcomer might give. The right answer always
# comes from the explainer; a wrong answer that names the same image as the right one (say
# `alpine:latest` for `alpine`) is dropped, so exactly one choice is right.
NAMING_CASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "alpine",
        (
            "docker.io/library/alpine:stable",
            "localhost/alpine:latest",
            "ghcr.io/library/alpine:latest",
        ),
    ),
    (
        "ubuntu:24.04",
        (
            "docker.io/library/ubuntu:latest",
            "docker.io/ubuntu/ubuntu:24.04",
            "ubuntu.com/library/ubuntu:24.04",
        ),
    ),
    (
        "bitnami/redis",
        (
            "docker.io/library/bitnami/redis:latest",
            "bitnami.io/redis:latest",
            "docker.io/library/redis:latest",
        ),
    ),
    (
        "ghcr.io/acme/api:1.2",
        ("docker.io/acme/api:1.2", "ghcr.io/library/acme/api:1.2", "ghcr.io/acme/api:latest"),
    ),
    (
        "localhost:5000/app",
        (
            "docker.io/library/app:latest",
            "localhost:5000/library/app:latest",
            "docker.io/library/localhost:5000",
        ),
    ),
    (
        "localhost:5000",
        (
            "localhost:5000/localhost:latest",
            "localhost:5000/library/localhost:latest",
            "docker.io/library/localhost:latest",
        ),
    ),
    (
        "registry/app:1",
        ("registry:443/app:1", "registry:5000/app:1", "docker.io/library/registry/app:1"),
    ),
    (
        "myhost:5000/tools/ci",
        (
            "docker.io/myhost/tools/ci:5000",
            "myhost:5000/library/tools/ci:latest",
            "docker.io/tools/ci:latest",
        ),
    ),
    (
        "index.docker.io/nginx",
        (
            "docker.io/index/nginx:latest",
            "index.docker.io:443/nginx:latest",
            "docker.io/nginx/nginx:latest",
        ),
    ),
    (
        "quay.io/prometheus/node-exporter:v1.8.0",
        (
            "docker.io/prometheus/node-exporter:v1.8.0",
            "quay.io/library/prometheus/node-exporter:v1.8.0",
            "quay.io/prometheus/node-exporter:latest",
        ),
    ),
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _mutations(ref: Any) -> list[str]:
    """Wrong answers made from the parsed parts: the usual misreadings of a name."""
    suffix = (f":{ref.tag}" if ref.tag else "") + (f"@{ref.digest}" if ref.digest else "")
    if not ref.tag and not ref.digest:
        suffix = ":latest"
    out = []
    if ref.domain != "docker.io":
        out.append(f"docker.io/{ref.path}{suffix}")  # the host taken for a namespace
        out.append(f"{ref.domain}/library/{ref.path}{suffix}")  # library/ added off Docker Hub
    if ref.tag and ref.tag != "latest" and not ref.digest:
        out.append(f"{ref.domain}/{ref.path}:latest")  # the tag ignored
    return out


def _same_image(candidate: str, right: str, parse: Callable[[str], Any]) -> bool:
    try:
        return parse(candidate).canonical == right
    except ValueError:  # not a valid reference at all: certainly not the right answer
        return False


def naming_questions(
    rng: random.Random | None = None,
    parse: Callable[[str], Any] | None = None,
    cases: Sequence[tuple[str, Sequence[str]]] = NAMING_CASES,
) -> list[Question]:
    """Questions "What does Docker pull for X?", answered by the explainer's canonical form.

    `parse` defaults to advisor.learn.reference.parse; without that module, no questions.
    """
    rng = rng or random.Random(0)
    if parse is None:
        try:
            from advisor.learn.reference import parse
        except ModuleNotFoundError as exc:  # the explainer is optional for the quiz
            if exc.name != "advisor.learn.reference":
                raise
            return []
    out: list[Question] = []
    for text, wrong in cases:
        ref = parse(text)
        right = ref.canonical
        pool: list[str] = []
        for candidate in (*wrong, *_mutations(ref)):
            if candidate not in pool and not _same_image(candidate, right, parse):
                pool.append(candidate)
        if len(pool) < 2:
            continue
        choices = [right, *rng.sample(pool, k=min(3, len(pool)))]
        rng.shuffle(choices)
        explain = [
            _(
                "Docker reads `{text}` as `{right}`: registry `{domain}`, repository `{path}`"
            ).format(text=text, right=right, domain=ref.domain, path=ref.path)
        ]
        if ref.tag:
            explain.append(_(", tag `{tag}`").format(tag=ref.tag))
        elif not ref.digest:
            explain.append(_(", and the default tag `latest`"))
        if ref.digest:
            explain.append(_(", digest `{digest}`").format(digest=ref.digest))
        explain.append(
            _(". Try `registry-advisor image explain {text}` for the reasons.").format(text=text)
        )
        out.append(
            Question(
                id=f"gen-naming-{_slug(text)}",
                lesson=NAMING_LESSON,
                question=_(
                    "Written out in full, which image does Docker pull for `{text}`?"
                ).format(text=text),
                choices=tuple(f"`{c}`" for c in choices),
                answer=choices.index(right),
                explanation="".join(explain),
                generated=True,
            )
        )
    return out
