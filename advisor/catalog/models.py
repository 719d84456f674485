"""Pydantic models of the catalog: every fact carries its source and the day it was read.

Imported only by commands that validate the catalog; the light commands never load pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1

Hosting = Literal["saas", "self-hosted"]
SetupType = Literal["public", "private", "insecure"]
Format = Literal[
    "oci-images",
    "helm",
    "maven",
    "npm",
    "pypi",
    "nuget",
    "rubygems",
    "go",
    "cargo",
    "conda",
    "debian",
    "rpm",
    "generic",
    "other",
]
Platform = Literal["aws", "gcp", "azure", "github", "gitlab", "openshift", "kubernetes"]
OpsEffort = Literal["none", "low", "medium", "high"]
Unknown = Literal["unknown"]

HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$", max_length=2000)]
# Dates may be YAML dates or ISO strings; strict mode would refuse the strings.
IsoDate = Annotated[dt.date, Field(strict=False)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]

T = TypeVar("T")


def today() -> dt.date:
    from advisor import clock

    return clock.today()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Fact(_Strict, Generic[T]):
    """One sourced fact. `unknown` values need a note saying why, and may omit the source."""

    value: T | Unknown
    source: HttpsUrl | None = None
    verified: IsoDate | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Fact[T]:
        if self.value == "unknown":
            if not self.note:
                raise ValueError("an unknown value needs a note saying why")
        else:
            if self.source is None:
                raise ValueError("a known value needs a source (an https URL)")
            if self.verified is None:
                raise ValueError("a known value needs the date it was verified")
        if self.verified is not None and self.verified > today():
            raise ValueError(f"verified date {self.verified} is in the future")
        return self

    @property
    def known(self) -> bool:
        return self.value != "unknown"


class Attributes(_Strict):
    hosting: Fact[list[Hosting]]
    setups: Fact[list[SetupType]]
    open_source: Fact[bool]
    anonymous_pull: Fact[bool]
    private_repos: Fact[bool]
    free_tier: Fact[Text]
    formats: Fact[list[Format]]
    vulnerability_scanning: Fact[bool]
    image_signing: Fact[bool]
    pull_through_cache: Fact[bool]
    replication: Fact[bool]
    immutable_tags: Fact[bool]
    retention_policies: Fact[bool]
    sso: Fact[bool]
    audit_logs: Fact[bool]
    air_gapped: Fact[bool]
    native_to: Fact[list[Platform]]
    pull_rate_limits: Fact[Text]
    pricing: Fact[Text]
    token_lifetime: Fact[Text] | None = None
    max_layer_size: Fact[Text] | None = None
    ops_effort: Fact[OpsEffort] | None = None


class Gotcha(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    detail: Text
    source: HttpsUrl
    verified: IsoDate

    @field_validator("verified")
    @classmethod
    def _not_future(cls, v: dt.date) -> dt.date:
        if v > today():
            raise ValueError(f"verified date {v} is in the future")
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
                "setups lists 'insecure' but hosting does not list 'self-hosted': "
                "plain HTTP is only for registries you run yourself"
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
                raise ValueError(f"registries[{i}]: duplicate id '{reg.id}'")
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
