"""Pydantic models of the catalog: every fact carries its source and the day it was read.

Imported only by commands that validate the catalog; the light commands never load pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from advisor.catalog.data import ATTRIBUTE_VALUES
from advisor.i18n import _
from advisor.io.terminal import first_control

SCHEMA_VERSION = 1

# The value sets live in catalog.data, which --filter reads without importing pydantic.
Hosting = Literal[ATTRIBUTE_VALUES["hosting"]]  # type: ignore[valid-type]
SetupType = Literal[ATTRIBUTE_VALUES["setups"]]  # type: ignore[valid-type]
Format = Literal[ATTRIBUTE_VALUES["formats"]]  # type: ignore[valid-type]
Platform = Literal[ATTRIBUTE_VALUES["native_to"]]  # type: ignore[valid-type]
OpsEffort = Literal[ATTRIBUTE_VALUES["ops_effort"]]  # type: ignore[valid-type]
Unknown = Literal["unknown"]

HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$", max_length=2000)]
# A host ("docker.com", which also covers its subdomains) or a host and path prefix
# ("github.com/docker") whose pages count as the vendor's own.
VendorDomain = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(/[A-Za-z0-9._-]+)*$"
    ),
]
# Dates may be YAML dates or ISO strings; strict mode would refuse the strings.
IsoDate = Annotated[dt.date, Field(strict=False)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
# One paragraph per attribute: what counts as which value. Written once here; the JSON
# Schema carries them as descriptions and docs/catalog.md repeats them (a test checks).
ATTRIBUTE_DEFINITIONS: dict[str, str] = {
    "hosting": (
        "How you can get the registry: `saas` when the vendor runs it for you as a hosted "
        "service, `self-hosted` when you can install and run it on servers you control "
        "(including a vendor's self-managed edition). A registry offered both ways lists both."
    ),
    "setups": (
        "The setups it can serve: `public` (some repositories can be pulled by anyone), "
        "`private` (access limited to chosen users) and `insecure` (served over plain HTTP on "
        "your own network, which the vendor's documentation or configuration allows). "
        "`insecure` needs `self-hosted` in `hosting`: nobody offers a hosted registry over "
        "plain HTTP."
    ),
    "open_source": (
        "True when the server software that provides the registry described here is published "
        "under an OSI-approved licence, so you could run it yourself; for a hosted service, "
        "true only if the code it runs is published that way. False when the vendor publishes "
        "no server code for it, or only an open core without Docker/OCI support. Open-source "
        "client tools do not count."
    ),
    "anonymous_pull": (
        "True when images in at least some repositories can be pulled with no credentials at "
        "all, even if an administrator must switch it on or it needs a paid plan (the note "
        "says which)."
    ),
    "private_repos": (
        "True when repositories can be restricted so that only chosen users, teams or machine "
        "identities can pull from them."
    ),
    "free_tier": (
        'What can be used without paying, beginning "as of YYYY-MM-DD": included storage, '
        'transfer and pull allowances, or "none" when every plan is paid. For software you run '
        "yourself it says that the software is free and you pay for your own servers."
    ),
    "formats": (
        "What it stores. `oci-images` covers Docker and OCI images. `oci-artifacts` means the "
        "vendor documents storing any OCI artifact type (arbitrary artifact types, ORAS pushes "
        "or the referrers API); such a registry also stores Helm charts and signatures, so it "
        "lists `helm` and has `image_signing` true. Package formats (`maven`, `npm`, `pypi` and "
        "the rest) count only when the same product serves them; `other` stands for formats "
        "outside the list, named in the note."
    ),
    "vulnerability_scanning": (
        "True when the vendor offers scanning of stored images for known vulnerabilities, in "
        "the registry or as an add-on it sells for it (the note names the tier or product). "
        "Scanning you wire up yourself in CI does not count."
    ),
    "image_signing": (
        "True when signatures made with a standard tool (cosign/Sigstore, Notation, Docker "
        "Content Trust) are kept in the registry next to the image they sign, through a "
        "signing feature or because the vendor documents that it stores any OCI artifact "
        "(signatures are OCI artifacts). Verifying or enforcing signatures on pull is not "
        "required; the note says whether it does. A third party's list of compatible "
        "registries does not count as the vendor's word."
    ),
    "pull_through_cache": (
        "True when the registry can proxy an upstream registry and keep what it fetches, so "
        "that clients pull through it (remote or proxy repositories, proxy-cache projects, "
        "pull-through cache rules)."
    ),
    "replication": (
        "True when the registry itself copies repositories or images to other regions or "
        "other instances, on a schedule or on push. Storage redundancy inside one registry, "
        "and copying with a separate tool, do not count."
    ),
    "immutable_tags": (
        "True when a pushed tag can be protected so that pushing the same tag again is "
        "refused, by a dedicated setting, a policy, or a documented permission or deployment "
        "rule with that effect (the note says which). Pulling by digest does not count."
    ),
    "retention_policies": (
        "True when the registry deletes images or tags automatically by rules (age, count, "
        "name pattern, last pull). Manual deletion, scripts against the API and garbage "
        "collection of unreferenced blobs do not count."
    ),
    "sso": (
        "True when people can sign in with the organisation's identity provider through SAML, "
        "OIDC or LDAP, directly or through the platform's identity system (for example cloud "
        "IAM federation)."
    ),
    "audit_logs": (
        "True when the registry or its platform records who did what (pushes, deletions, "
        "permission and configuration changes) in a log administrators can read or export. "
        "A plain access log counts only when the vendor documents it for that purpose."
    ),
    "air_gapped": (
        "True when some edition the vendor documents can be installed and run at a site with "
        "no internet connection, with content carried in. A hosted-only service is false, even "
        "when it can be reached over private network endpoints."
    ),
    "native_to": (
        "The platforms the registry is built into, whose compute, CI or identity use it "
        "without extra setup. An empty list means a standalone product."
    ),
    "pull_rate_limits": (
        'Limits on pulls or registry requests, beginning "as of YYYY-MM-DD", with the figures '
        "the vendor's current page states; earlier figures go in the registry's `history` "
        "with their dates."
    ),
    "pricing": (
        'Prices, beginning "as of YYYY-MM-DD", as the vendor\'s price page or documentation '
        "states them; changes go in the registry's `history` with their dates."
    ),
    "token_lifetime": (
        "How long the credentials clients log in with stay valid (login, access, robot or CI "
        "tokens), with the defaults and limits the vendor documents. Optional."
    ),
    "max_layer_size": (
        "Documented limits on the size of a layer, a manifest, an image or a registry's "
        "storage. Optional."
    ),
    "ops_effort": (
        "Our judgement of the work needed to run it: `none` for a hosted service, `low` for one "
        "process and a configuration file, `medium` for several services with TLS, a database "
        "or upgrades to follow, `high` for clustered installs or a whole product platform. For a "
        "registry offered both ways it is the work of running it yourself (the hosted mode "
        "needs none). Sourced to the installation documentation the judgement rests on. "
        "Required."
    ),
}


def _about(name: str) -> Any:
    """A required attribute field carrying its definition."""
    return Field(description=ATTRIBUTE_DEFINITIONS[name])


def _about_optional(name: str) -> Any:
    """An optional attribute field carrying its definition."""
    return Field(default=None, description=ATTRIBUTE_DEFINITIONS[name])


T = TypeVar("T")


def today() -> dt.date:
    from advisor import clock

    return clock.today()


#: Long prose, never placed into code: the only text fields that may span lines.
PROSE_FIELDS = frozenset({"summary", "detail", "note", "event", "claim", "finding"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        """Catalog text reaches generated files, reports and terminals: names, values and
        URLs are one line without control characters (newline, ESC, bidi overrides...);
        prose may also hold newlines and tabs. (A validator, not a pattern, so the JSON
        Schema and its names stay as they were.)"""
        if isinstance(value, str):
            prose = info.field_name in PROSE_FIELDS
            found = first_control(value, one_line=not prose)
            if found and prose:
                raise ValueError(
                    _("holds a control character ({found}); only newlines and tabs may").format(
                        found=found
                    )
                )
            if found:
                raise ValueError(
                    _("must be one line without control characters; found {found}").format(
                        found=found
                    )
                )
        return value


class Fact(_Strict, Generic[T]):
    """One sourced fact. `unknown` values need a note saying why, and may omit the source."""

    value: T | Unknown = Field(
        description=(
            "The fact, or the string `unknown` when no vendor page settles it (the note then "
            "says what would)."
        )
    )
    source: HttpsUrl | None = Field(
        default=None,
        description="An https URL of the vendor's own page the value was read from.",
    )
    verified: IsoDate | None = Field(
        default=None, description="The day the source was read (ISO date, never in the future)."
    )
    note: Text | None = Field(
        default=None,
        description=(
            "Our own words: the tier, the caveats and how strong the evidence is; for `unknown`, "
            "what would settle it. A note that leans on a non-vendor source says 'secondary'."
        ),
    )

    @model_validator(mode="after")
    def _provenance(self) -> Fact[T]:
        if self.value == "unknown":
            if not self.note:
                raise ValueError(_("an unknown value needs a note saying why"))
        else:
            if self.source is None:
                raise ValueError(_("a known value needs a source (an https URL)"))
            if self.verified is None:
                raise ValueError(_("a known value needs the date it was verified"))
        if self.verified is not None and self.verified > today():
            raise ValueError(_("verified date {date} is in the future").format(date=self.verified))
        return self

    @property
    def known(self) -> bool:
        return self.value != "unknown"


class Attributes(_Strict):
    """The facts of one registry; the definitions are in ATTRIBUTE_DEFINITIONS."""

    hosting: Fact[list[Hosting]] = _about("hosting")
    setups: Fact[list[SetupType]] = _about("setups")
    open_source: Fact[bool] = _about("open_source")
    anonymous_pull: Fact[bool] = _about("anonymous_pull")
    private_repos: Fact[bool] = _about("private_repos")
    free_tier: Fact[Text] = _about("free_tier")
    formats: Fact[list[Format]] = _about("formats")
    vulnerability_scanning: Fact[bool] = _about("vulnerability_scanning")
    image_signing: Fact[bool] = _about("image_signing")
    pull_through_cache: Fact[bool] = _about("pull_through_cache")
    replication: Fact[bool] = _about("replication")
    immutable_tags: Fact[bool] = _about("immutable_tags")
    retention_policies: Fact[bool] = _about("retention_policies")
    sso: Fact[bool] = _about("sso")
    audit_logs: Fact[bool] = _about("audit_logs")
    air_gapped: Fact[bool] = _about("air_gapped")
    native_to: Fact[list[Platform]] = _about("native_to")
    pull_rate_limits: Fact[Text] = _about("pull_rate_limits")
    pricing: Fact[Text] = _about("pricing")
    token_lifetime: Fact[Text] | None = _about_optional("token_lifetime")
    max_layer_size: Fact[Text] | None = _about_optional("max_layer_size")
    ops_effort: Fact[OpsEffort] = _about("ops_effort")


class Gotcha(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    detail: Text
    source: HttpsUrl
    verified: IsoDate
    modes: Annotated[
        list[Hosting] | None,
        Field(
            description="The modes it applies in (saas: run by the vendor; self-hosted: run "
            "by you); absent when it applies to both."
        ),
    ] = None

    @field_validator("verified")
    @classmethod
    def _not_future(cls, v: dt.date) -> dt.date:
        if v > today():
            raise ValueError(_("verified date {date} is in the future").format(date=v))
        return v


class HistoryEvent(_Strict):
    date: IsoDate
    event: Text
    source: HttpsUrl


class SeedClaim(_Strict):
    claim: Text
    status: Literal["confirmed", "outdated", "wrong"]
    finding: Text
    source: HttpsUrl
    verified: IsoDate


class Registry(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    vendor: Annotated[str, Field(min_length=1, max_length=120)]
    homepage: HttpsUrl
    summary: Text
    vendor_domains: list[VendorDomain] = Field(
        default=[],
        description=(
            "Where the vendor's own pages live: hosts (a host covers its subdomains) or a host "
            "and path prefix for code hosting, such as github.com/docker. `catalog audit` lists "
            "sources outside them."
        ),
    )
    attributes: Attributes
    gotchas: list[Gotcha] = []
    history: list[HistoryEvent] = []
    seed_claims: list[SeedClaim] = []

    @model_validator(mode="after")
    def _insecure_needs_self_hosting(self) -> Registry:
        setups = self.attributes.setups.value
        hosting = self.attributes.hosting.value
        if (
            isinstance(setups, list)
            and "insecure" in setups
            and (not isinstance(hosting, list) or "self-hosted" not in hosting)
        ):
            raise ValueError(
                _(
                    "setups lists 'insecure' but hosting does not list 'self-hosted': "
                    "plain HTTP is only for registries you run yourself"
                )
            )
        return self


class Catalog(_Strict):
    schema_version: Literal[1]
    registries: list[Registry]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        seen: set[str] = set()
        for i, reg in enumerate(self.registries):
            if reg.id in seen:
                raise ValueError(f"registries[{i}]: " + _("duplicate id '{id}'").format(id=reg.id))
            seen.add(reg.id)
        return self


ATTRIBUTE_NAMES: tuple[str, ...] = tuple(Attributes.model_fields)
REQUIRED_ATTRIBUTES: tuple[str, ...] = tuple(
    n for n, f in Attributes.model_fields.items() if f.is_required()
)


def json_schema() -> dict[str, Any]:
    schema = Catalog.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Registry Advisor catalog"
    return schema
