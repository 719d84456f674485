"""Pydantic models of the setup recipes, data/setup/*.yaml (imported on a cache miss only).

Every step, section, gotcha and login flow carries the https URL it comes from and the
date it was read (`verified`). Unknown keys are errors, so a misspelt key is reported with
the closest allowed one. The checks that span several files (flows, placeholders, ids)
live in `advisor.setup.recipes.cross_check`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

HttpsUrl = Annotated[str, Field(pattern=r"^https://\S+$")]
Sources = HttpsUrl | list[HttpsUrl]
Flag = Literal[
    "insecure",
    "secure",
    "public",
    "private",
    "hosted",
    "self_run",
    "server",
    "product",
    "loopback",
    "have_ca",
    "have_secrets",
    "constrained",
    "expiry",
    "port_defaulted",
    "offline",
    "docs",
    "public_guide",
    "guide",
    "readme",
]
Output = Literal["readme", "guide"]
FlowName = Literal[
    "readme-server",
    "readme-self-hosted",
    "readme-hosted",
    "guide-insecure",
    "guide-self-hosted",
    "guide-hosted",
]
CiSystemName = Literal["github-actions", "gitlab-ci", "jenkins", "other", "none"]
EnvName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Block(_Strict):
    """One paragraph, code block, emitted file (guide only) or inserted part of a step."""

    text: str | None = None
    code: str | None = None
    lang: str = ""
    file: str | None = None  # a bundle file, shown as emitted (the guide inlines it)
    install_notes: bool | None = None  # the registry's own install notes go here
    catalog_note: str | None = None  # the note of this catalog fact (guide)
    link: str | None = None  # a link to the URL in this placeholder (e.g. docs)
    when: list[Flag] = []
    unless: list[Flag] = []
    in_: list[Output] = Field(default=["readme", "guide"], alias="in")

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        kinds = [
            k
            for k in ("text", "code", "file", "install_notes", "catalog_note", "link")
            if getattr(self, k) is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                "a block has exactly one of text, code, file, install_notes, catalog_note, link"
                + (f" (got {', '.join(kinds)})" if kinds else "")
            )
        if self.code is not None and not self.lang:
            raise ValueError("a code block needs 'lang' (console, toml, yaml, json, ini)")
        return self


class Step(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: str
    blocks: list[Block] = Field(min_length=1)
    when: list[Flag] = []
    unless: list[Flag] = []
    in_: list[Output] = Field(default=["readme", "guide"], alias="in")
    source: Sources
    verified: dt.date


class Section(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: str
    blocks: list[Block] = Field(min_length=1)
    source: Sources
    verified: dt.date


class Gotcha(_Strict):
    text: str
    when: list[Flag] = []
    unless: list[Flag] = []
    source: Sources
    verified: dt.date


class Note(_Strict):
    text: str
    source: Sources
    verified: dt.date


class Secret(_Strict):
    name: EnvName
    what: str
    file: bool = False  # a file (a JSON key): the variable NAME_FILE holds its path


class Native(_Strict):
    """The CI system's own login for its own registry (GITHUB_TOKEN, CI_REGISTRY_*)."""

    system: Literal["github-actions", "gitlab-ci"]
    note: str
    permissions: dict[str, str] | None = None
    step: dict[str, Any] | None = None
    steps: list[dict[str, Any]] | None = None  # several steps (e.g. OIDC, then login)
    image: str | None = None
    commands: list[str] | None = None
    hosted_only: bool = False  # names the hosted service (ghcr.io): not for a server you run


class Login(_Strict):
    """How a non-interactive job logs in; without secrets/commands, ci.yaml's generic one."""

    image: str
    secrets: list[Secret] | None = None
    commands: list[str] | None = None
    tools: str = ""
    alpine_packages: list[str] = []
    confirmed: bool = True
    native: Native | None = None
    source: Sources
    verified: dt.date


class Hosted(_Strict):
    host: str | None = None  # the service's fixed address
    pattern: str | None = None  # a regex for addresses that depend on the account
    placeholder: str | None = None  # shown where the address depends on the account

    @model_validator(mode="after")
    def _host_or_pattern(self) -> Hosted:
        if (self.host is None) == (self.pattern is None):
            raise ValueError("give either 'host' or 'pattern' (with 'placeholder')")
        if self.pattern is not None and self.placeholder is None:
            raise ValueError("a 'pattern' needs a 'placeholder' to show")
        return self


class Ports(_Strict):
    plain: Annotated[int, Field(ge=1, le=65535)]
    tls: Annotated[int, Field(ge=1, le=65535)]


class Server(_Strict):
    """The server side of a registry you run: what the bundle's server files may hold.

    `keys` lists every configuration key path (dotted) the vendor documents and the
    emitters may write; tests check each emitted file against it. `carry` lists the
    server's own images (docker archives on the connected side).
    """

    default_port: Ports
    keys: dict[str, list[str]] = {}  # bundle file -> documented key paths ({}: no files)
    carry: list[str] = []
    namespace: str = "demo"  # where the first push goes: Harbor's default project is library
    tls_key: Literal["ecdsa", "rsa"] = "ecdsa"  # the server key --generate-secrets makes
    plain_http: bool = True  # False: the vendor documents no plain-HTTP setup (refused)
    source: Sources
    verified: dt.date


class CiSystem(_Strict):
    file: str
    purpose: str
    intro: str
    where: str
    ca_note: str | None = None


class RecipeFile(_Strict):
    """One file of data/setup: a registry's recipe, or a shared part (clients, common, ci)."""

    schema_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    # a registry's recipe
    name: str | None = None
    docs: HttpsUrl | None = None
    self_hostable: bool | None = None
    hosted: Hosted | None = None
    login: Login | None = None
    install_notes: list[Note] = []
    server: Server | None = None
    gotchas: list[Gotcha] = []
    # any file
    flows: dict[FlowName, list[str]] = {}
    steps: list[Step] = []
    sections: list[Section] = []
    # ci.yaml
    build_push: list[str] | None = None
    ca_install: list[str] | None = None
    systems: dict[CiSystemName, CiSystem] | None = None
    texts: dict[str, str] | None = None
