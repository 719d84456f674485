"""The plan of a setup bundle: which registry, which kind of bundle, which host, which CI.

`make_plan` checks that the choice can work and raises UsageError for what cannot.
Registry profiles come from the recipes (data/setup/<id>.yaml); an id that only the catalog
knows gets a profile from its catalog entry.

Three kinds of bundle:

- ``server``: CNCF Distribution serves the registry (a config, a Compose file, clients).
- ``self-hosted``: another product you run (zot, Harbor, Nexus, Quay, GitLab self-managed,
  Artifactory); the bundle carries its server files (advisor.setup.servers) where the
  recipe has a `server` part, and the client side.
- ``hosted``: a service someone else runs; the README gives its login flow and CI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from advisor.errors import UsageError, did_you_mean
from advisor.frozen import frozen
from advisor.i18n import _
from advisor.setup.host import Host, parse_host

SETUPS = ("public", "private", "insecure")
CI_CHOICES = ("github-actions", "gitlab-ci", "jenkins", "other", "none")
DEFAULT_PORT = 5000


@frozen
class Profile:
    """What the bundle needs to know about one registry product (from its recipe)."""

    id: str
    name: str
    saas: bool
    self_hostable: bool
    docs: str  # the vendor's documentation: install docs for self-hosted, else the homepage
    saas_host: str | None = None  # fixed address of the hosted service
    saas_pattern: str | None = None  # regex for addresses of the hosted service
    saas_placeholder: str | None = None  # shown when the address depends on the account
    login_confirmed: bool = True  # False: our sources could not confirm the login flow
    from_catalog: bool = False
    default_port_plain: int = DEFAULT_PORT  # the port a plain-HTTP server usually listens on
    default_port_tls: int = DEFAULT_PORT  # ... and a TLS one (recipe `server.default_port`)
    has_server: bool = False  # the recipe has a `server` part: the bundle writes its files
    carry: tuple[str, ...] = ()  # the server's own images, for an air-gapped site
    namespace: str = "demo"  # the repository namespace of the README's first push
    rsa_key: bool = False  # the product needs an RSA server key (recipe `server.tls_key`)
    plain_http: bool = True  # the vendor documents a plain-HTTP setup (recipe `server.plain_http`)


_PROFILES: dict[int, dict[str, Profile]] = {}


def profiles() -> dict[str, Profile]:
    """Every registry that has a recipe, by id (loads the recipes: cached after one run).

    Raises DataError if the shipped recipes are broken.
    """
    from advisor.setup.recipes import load_recipes

    recipes = load_recipes()
    if id(recipes) in _PROFILES:
        return dict(_PROFILES[id(recipes)])
    out = {}
    for rid in recipes.registry_ids:
        data = recipes.files[rid]
        hosted = data.get("hosted") or {}
        server = data.get("server") or {}
        ports = server.get("default_port") or {}
        out[rid] = Profile(
            id=rid,
            name=data["name"],
            saas=bool(hosted),
            self_hostable=data["self_hostable"],
            docs=data["docs"],
            saas_host=hosted.get("host"),
            saas_pattern=hosted.get("pattern"),
            saas_placeholder=hosted.get("placeholder"),
            login_confirmed=data["login"].get("confirmed", True),
            default_port_plain=ports.get("plain", DEFAULT_PORT),
            default_port_tls=ports.get("tls", DEFAULT_PORT),
            has_server=bool(server),
            carry=tuple(server.get("carry", ())),
            namespace=server.get("namespace", "demo"),
            rsa_key=server.get("tls_key") == "rsa",
            plain_http=server.get("plain_http", True),
        )
    _PROFILES[id(recipes)] = out
    return dict(out)


def known_ids() -> tuple[str, ...]:
    return tuple(profiles())


def profile_for(registry_id: str, catalog_entry: Any = None) -> Profile:
    """The profile of a registry id; a catalog entry adds its homepage or defines a new id.

    `catalog_entry` is duck-typed (id, name, homepage, attributes.hosting.value) so this
    module needs no pydantic.
    """
    from advisor.setup.recipes import one_line

    known = profiles()
    base = known.get(registry_id)
    if catalog_entry is None:
        if base is None:
            raise UsageError(
                _("unknown registry {id}{hint}; known: {ids}").format(
                    id=repr(registry_id),
                    hint=did_you_mean(registry_id, list(known)),
                    ids=", ".join(known),
                )
            )
        return base
    homepage = getattr(catalog_entry, "homepage", None)
    if base is not None:
        # Our install-docs links are more specific than a homepage; keep them for known ids.
        return base
    hosting = getattr(
        getattr(getattr(catalog_entry, "attributes", None), "hosting", None), "value", None
    )
    hosting = hosting if isinstance(hosting, list) else []
    return Profile(
        id=registry_id,
        # A catalog name is data from a file: keep it on one line wherever it is printed.
        name=one_line(str(getattr(catalog_entry, "name", registry_id))) or registry_id,
        saas="saas" in hosting,
        self_hostable="self-hosted" in hosting,
        docs=homepage if isinstance(homepage, str) and homepage.startswith("https://") else "",
        login_confirmed=False,
        from_catalog=True,
    )


@frozen
class Plan:
    """A checked choice: setup type, registry, kind of bundle, host, CI, user, reasons."""

    setup: str
    profile: Profile
    kind: str  # "server" | "self-hosted" | "hosted"
    host: Host | None  # None: a hosted registry whose address depends on the account
    ci: str
    user: str | None = None
    generate_secrets: bool = False
    reasons: tuple[str, ...] = ()
    offline: bool = False  # an air-gapped site: nothing inside may download
    port_defaulted: bool = False  # --host had no port: the product's usual one applies

    @property
    def address(self) -> str:
        if self.host is not None:
            return self.host.address
        p = self.profile
        return p.saas_host or p.saas_placeholder or "REGISTRY_HOST"

    @property
    def needs_htpasswd(self) -> bool:
        """Distribution and zot read an htpasswd file; the other products keep their users."""
        if self.setup == "insecure":
            return False
        return self.kind == "server" or (
            self.kind == "self-hosted" and self.profile.id == "zot" and self.profile.has_server
        )

    @property
    def tls(self) -> bool:
        return self.kind != "hosted" and self.setup != "insecure"


def _matches_saas(profile: Profile, host: Host) -> bool:
    if profile.saas_host and host.address.lower() == profile.saas_host:
        return True
    return bool(
        profile.saas_pattern
        and host.port is None
        and re.fullmatch(profile.saas_pattern, host.name.lower())
    )


def self_hostable_ids() -> list[str]:
    return [i for i, p in profiles().items() if p.self_hostable]


def make_plan(
    *,
    setup: str,
    profile: Profile,
    host: str | None,
    ci: str = "none",
    user: str | None = None,
    generate_secrets: bool = False,
    reasons: Iterable[str] = (),
    mode: str | None = None,
    offline: bool = False,
    other_mode: str | None = None,
) -> Plan:
    """Check that the choice can work, and decide which kind of bundle it gets.

    `host` is HOST[:PORT] as given on the command line (parsed by `parse_host`); `reasons`
    are the recommendation's sentences for the README. `mode` is the recommendation's
    hosting mode for the registry ("saas" | "self-hosted"; None: decide from --host) and
    `offline` says the site is air-gapped; `other_mode` is the mode the recommendation
    says could serve too (then a --host of your own picks it). Raises UsageError, naming
    the option, for a choice that cannot work (an insecure hosted registry, a missing
    --host, a host that is not the hosted service's, a hosted registry for an air-gapped
    site, secrets for a hosted registry, ...).
    """
    if setup not in SETUPS:
        raise UsageError(
            _("unknown setup '{setup}'").format(setup=setup) + did_you_mean(setup, SETUPS)
        )
    if ci not in CI_CHOICES:
        raise UsageError(
            _("unknown CI '{ci}'").format(ci=ci)
            + did_you_mean(ci, CI_CHOICES)
            + "; "
            + _("known: {ids}").format(ids=", ".join(CI_CHOICES))
        )
    parsed = parse_host(host) if host is not None else None
    name = profile.name
    port_defaulted = False
    if setup == "insecure" and not profile.self_hostable:
        raise UsageError(
            _(
                "{name} ({id}) is a hosted service; an insecure (plain HTTP) setup needs a "
                "registry you run yourself: {ids}"
            ).format(name=name, id=profile.id, ids=", ".join(self_hostable_ids()))
        )
    if setup == "insecure" and not profile.plain_http:
        raise UsageError(
            _(
                "{name} ({id}) has no insecure (plain HTTP) setup: its vendor documents none, "
                "for the hosted service or for running it yourself; choose --setup private"
            ).format(name=name, id=profile.id)
        )

    if (
        mode == "saas"
        and parsed is not None
        and profile.self_hostable
        and not _matches_saas(profile, parsed)
    ):
        if other_mode != "self-hosted":
            raise UsageError(
                _(
                    "the recommendation ranks {name} ({id}) hosted by the vendor (saas) only; "
                    "--host {address} names a server you run, which these answers rule out: "
                    "drop --host, or choose another registry with --registry"
                ).format(name=name, id=profile.id, address=parsed.address)
            )
        mode = "self-hosted"  # both modes serve; your own --host picks self-hosted
    if mode == "saas" and not profile.saas:
        raise UsageError(
            _(
                "the recommendation ranks {name} ({id}) hosted by the vendor (saas); the "
                "setup recipes cover it only self-hosted: give --registry with another "
                "registry, or answer so that a self-hosted one ranks"
            ).format(name=name, id=profile.id)
        )
    if mode == "self-hosted" and not profile.self_hostable:
        raise UsageError(
            _(
                "{name} ({id}) is only hosted by its vendor; a self-hosted setup needs a "
                "registry you run: {ids}"
            ).format(name=name, id=profile.id, ids=", ".join(self_hostable_ids()))
        )
    if offline and not profile.self_hostable:
        raise UsageError(
            _(
                "{name} ({id}) is a hosted service, which an air-gapped network cannot "
                "reach; choose a registry you run: {ids}"
            ).format(name=name, id=profile.id, ids=", ".join(self_hostable_ids()))
        )
    if profile.id == "distribution":
        kind = "server"
    elif mode == "self-hosted" or offline:
        kind = "self-hosted"
    elif mode == "saas":
        kind = "hosted"
    elif setup == "insecure" or not profile.saas:
        kind = "self-hosted"
    elif profile.self_hostable and parsed is not None and not _matches_saas(profile, parsed):
        kind = "self-hosted"  # e.g. GitLab self-managed, Red Hat Quay, Artifactory on-prem
    else:
        kind = "hosted"

    if kind in ("server", "self-hosted"):
        if parsed is None:
            raise UsageError(
                _(
                    "--host is required for a registry you run ({name}): the address clients "
                    "use, e.g. --host registry.lan:5000"
                ).format(name=name)
            )
        if profile.saas and _matches_saas(profile, parsed):
            raise UsageError(
                _(
                    "{address} is the hosted {name}; plain HTTP applies only to a registry "
                    "you run yourself: give your own server's address with --host"
                ).format(address=parsed.address, name=name)
            )
        if parsed.port is None:
            port_defaulted = True
            port = profile.default_port_plain if setup == "insecure" else profile.default_port_tls
            if kind == "server":
                parsed = parsed.with_port(DEFAULT_PORT)
            elif port not in (80, 443):
                # 80 and 443 are the schemes' own ports: clients write the name alone.
                parsed = parsed.with_port(port)
    elif parsed is not None and not _matches_saas(profile, parsed):
        expected = profile.saas_host or profile.saas_placeholder
        if profile.saas_host:
            raise UsageError(
                _("{name} is always served at {host}; drop --host (got '{address}')").format(
                    name=name, host=profile.saas_host, address=parsed.address
                )
            )
        if expected and not profile.from_catalog:
            raise UsageError(
                _("--host '{address}' does not look like a {name} address ({expected})").format(
                    address=parsed.address, name=name, expected=expected
                )
            )

    if generate_secrets:
        if kind == "hosted":
            raise UsageError(
                _(
                    "--generate-secrets makes a CA, a server certificate and an htpasswd file "
                    "for a registry you run; {name} is hosted"
                ).format(name=name)
            )
        if setup == "insecure":
            raise UsageError(
                _(
                    "--generate-secrets makes TLS and password files, which an insecure (plain "
                    "HTTP) setup does not use; choose --setup private for them"
                )
            )
    if user is not None:
        from advisor.setup.secrets import check_user

        check_user(user)
    plan = Plan(
        setup=setup,
        profile=profile,
        kind=kind,
        host=parsed,
        ci=ci,
        user=user,
        generate_secrets=generate_secrets,
        reasons=tuple(reasons),
        offline=offline,
        port_defaulted=port_defaulted,
    )
    if generate_secrets and plan.needs_htpasswd and not user:
        raise UsageError(_("--generate-secrets writes an htpasswd file: give --user NAME"))
    return plan
