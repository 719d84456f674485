"""Setup bundles: the files that set up a chosen registry, as {relative path: (content, mode)}.

Pure: nothing here reads or writes files (apart from the shipped recipes), prints, or asks.
`make_plan` (advisor.setup.plan) checks the choice; `build_bundle` turns a plan, plus any
secrets the caller generated (`advisor.setup.secrets`), into file contents: the configs
from `advisor.setup.emit`, the CI file from `advisor.setup.ci`, and a README whose steps
come from the recipes in data/setup (`advisor.setup.readme`). The command
`registry-advisor setup` writes them with `write_tree_atomic`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.i18n import N_, _
from advisor.setup import recipe_text
from advisor.setup.ci import FILE_MODE, SCRIPT_MODE, ci_files, ci_login
from advisor.setup.emit import CONTAINER_CONFIG, CONTAINER_DATA, config_files, listen_addr
from advisor.setup.host import Host, parse_host
from advisor.setup.plan import (
    CI_CHOICES,
    DEFAULT_PORT,
    SETUPS,
    Plan,
    Profile,
    known_ids,
    make_plan,
    profile_for,
    profiles,
    self_hostable_ids,
)
from advisor.setup.readme import (
    Context,
    RStep,
    ci_step,
    gotchas,
    make_flags,
    rendered_flow,
    section_markdown,
    steps_markdown,
)
from advisor.setup.recipes import Recipes, load_recipes, one_line, sources_of

__all__ = [
    "CI_CHOICES",
    "DEFAULT_PORT",
    "FILE_MODE",
    "SCRIPT_MODE",
    "SECRET_MODE",
    "SETUPS",
    "Host",
    "Plan",
    "Profile",
    "build_bundle",
    "catalog_only_recipe",
    "plan_values",
    "known_ids",
    "make_plan",
    "parse_host",
    "profile_for",
    "profiles",
    "registry_recipe",
    "self_hostable_ids",
]

SECRET_MODE = 0o600

#: What each bundle file is (English msgids; the README shows them translated).
FILE_PURPOSES = {
    "registry/config.yml": N_("CNCF Distribution configuration"),
    "registry/compose.yaml": N_("Docker Compose file that runs the registry (registry:3)"),
    "clients/daemon.json": N_("Docker Engine: the insecure-registries entry"),
    "clients/hosts.toml": N_("containerd: certs.d host file"),
    "clients/registries.conf": N_("Podman, Buildah, CRI-O, skopeo: a registries.conf.d drop-in"),
    "clients/k3s-registries.yaml": N_("k3s registries.yaml"),
    "clients/buildkitd.toml": N_("BuildKit / buildx builder settings"),
    "certs/ca.crt": N_("your CA's certificate: copy it to clients"),
    "certs/ca.key": N_("your CA's private key (0600): keep it offline"),
    "certs/domain.crt": N_("the registry's TLS certificate"),
    "certs/domain.key": N_("the registry's TLS key (0600)"),
    "auth/htpasswd": N_("bcrypt password file (0600)"),
    "server/config.json": N_("zot configuration"),
    "server/compose.yaml": N_("Docker Compose file that runs zot"),
    "server/harbor.yml": N_("Harbor installer configuration (harbor.yml)"),
    "server/nexus-docker-repo.sh": N_("Nexus: creates the Docker hosted repository (REST API)"),
    "server/gitlab.rb": N_("GitLab: the registry lines for /etc/gitlab/gitlab.rb"),
    "server/config.yaml": N_("Quay configuration (config.yaml)"),
    "server/system.yaml": N_("Artifactory: the system.yaml keys this setup needs"),
    "server/artifactory-docker-repo.sh": N_("Artifactory: makes the Docker repository (REST API)"),
    "airgap/images.txt": N_("images to carry into the air gap (add your own)"),
    "airgap/fetch.sh": N_("on a connected machine: save the images and files to media/"),
    "airgap/load.sh": N_("inside: push the carried images to the registry"),
}


def registry_recipe(recipes: Recipes, profile: Profile) -> dict[str, Any] | None:
    """The recipe of a registry we know; None for one only the catalog defines."""
    if profile.from_catalog or profile.id not in recipes.registry_ids:
        return None
    return dict(recipes.files[profile.id])


def catalog_only_recipe(profile: Profile) -> dict[str, Any]:
    """A stand-in recipe for a registry only the catalog knows: the unconfirmed login."""
    return {
        "id": profile.id,
        "flows": {
            "readme-hosted": ["common:login-unconfirmed", "ci"],
            "guide-hosted": ["common:login-unconfirmed"],
        },
    }


def plan_values(plan: Plan, *, have_ca: bool, expiry: str | None) -> dict[str, str]:
    """Placeholder values for a plan (see recipes.VARIABLES)."""
    host = plan.host
    host_name = host.name if host is not None else "HOST"
    san = f"IP:{host.name}" if host is not None and host.family != "dns" else f"DNS:{host_name}"
    return {
        "address": plan.address,
        "user": plan.user or "USER",
        "name": plan.profile.name,
        "docs": plan.profile.docs or "the vendor's documentation",
        "ca_file": "certs/ca.crt" if have_ca else "ca.crt",
        "host_name": host_name,
        "san": san,
        "listen": listen_addr(host) if host is not None and host.port else plan.address,
        "expiry": expiry or "",
        "data_dir": CONTAINER_DATA,
        "config_path": CONTAINER_CONFIG,
        "visibility": "Public" if plan.setup == "public" else "Private",
        "port": str(_served_port(plan)),
        "namespace": plan.profile.namespace,
    }


def _served_port(plan: Plan) -> int | str:
    """The port the server listens on: --host's, else the product's usual one."""
    if plan.host is None:
        return ""
    if plan.host.port is not None:
        return plan.host.port
    p = plan.profile
    return p.default_port_plain if plan.setup == "insecure" else p.default_port_tls


def _cert_expiry(cert_pem: bytes | None) -> str | None:
    if not cert_pem:
        return None
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(cert_pem)
    return cert.not_valid_after_utc.date().isoformat()


def build_bundle(
    plan: Plan,
    *,
    tls: Any = None,
    htpasswd: str | None = None,
    recipes: Recipes | None = None,
) -> dict[str, tuple[str | bytes, int]]:
    """Every file of the bundle: {relative path: (content, mode)}.

    `tls` is an `advisor.setup.secrets.TlsFiles` (or None); `htpasswd` one `user:hash` line.
    The plaintext password is never passed in, so no file can contain it. Raises
    DataError if the shipped recipes are broken.
    """
    recipes = recipes or load_recipes()
    out: dict[str, tuple[str | bytes, int]] = {}
    purposes = dict(FILE_PURPOSES)
    configs = config_files(plan, recipes)
    if plan.kind == "self-hosted":
        from advisor.setup.servers import server_files

        server = (registry_recipe(recipes, plan.profile) or {}).get("server") or {}
        configs.update(server_files(plan, sources_of(server) if server else []))
    if plan.offline:
        from advisor.setup.airgap import airgap_files

        configs.update(airgap_files(plan))
    for path, text in configs.items():
        out[path] = (text, SCRIPT_MODE if path.endswith(".sh") else FILE_MODE)
    if tls is not None:
        out["certs/ca.crt"] = (tls.ca_cert, FILE_MODE)
        out["certs/ca.key"] = (tls.ca_key, SECRET_MODE)
        out["certs/domain.crt"] = (tls.cert, FILE_MODE)
        out["certs/domain.key"] = (tls.key, SECRET_MODE)
    if htpasswd is not None:
        out["auth/htpasswd"] = (htpasswd, SECRET_MODE)
    ci = ci_files(plan, recipes)
    system = recipe_text.ci_system(plan.ci, recipes.ci["systems"].get(plan.ci) or {})
    for path, (content, mode, purpose) in ci.items():
        out[path] = (content, mode)
        purposes[path] = system.get("purpose", purpose)

    # A server bundle's README makes certs/ca.crt itself when secrets were not generated.
    have_ca = tls is not None or plan.kind == "server"
    expiry = _cert_expiry(tls.cert) if tls is not None else None
    registry = registry_recipe(recipes, plan.profile) or catalog_only_recipe(plan.profile)
    ctx = Context(
        values=plan_values(plan, have_ca=have_ca, expiry=expiry),
        flags=make_flags(
            setup=plan.setup,
            kind=plan.kind,
            output="readme",
            loopback=plan.host is not None and plan.host.is_loopback,
            have_ca=have_ca,
            have_secrets=tls is not None,
            expiry=expiry is not None,
            docs=bool(plan.profile.docs),
            offline=plan.offline,
            port_defaulted=plan.port_defaulted,
        ),
        output="readme",
        files=configs,
        install_notes=recipe_text.notes(registry, "install_notes"),
    )
    flow = {"server": "readme-server", "self-hosted": "readme-self-hosted"}.get(
        plan.kind, "readme-hosted"
    )
    r = ci_login(plan, recipes)
    steps = rendered_flow(recipes, flow, registry, ctx, lambda: ci_step(plan, r, recipes, ctx))
    sections = []
    if plan.kind != "hosted" and plan.setup == "insecure":
        sections.append(recipe_text.section("common", recipes.section("common:risks-insecure")))
    if plan.kind != "hosted" and plan.setup == "public":
        sections.append(recipe_text.section("common", recipes.section("common:public-self-hosted")))
    found = gotchas(registry, ctx)
    body = [*(section_markdown(s, ctx) + "\n" for s in sections), "## " + _("Steps"), ""]
    body.append(steps_markdown(steps))
    if found:
        body += ["", "## " + _("Gotchas"), "", *(f"- {text}" for text, _src in found)]
    body += ["", _sources(plan, steps, sections, found)]
    text = _readme(plan, out, purposes, "\n".join(body))
    out["README.md"] = (text, FILE_MODE)
    return out


def _sources(plan: Plan, steps: list[RStep], sections: list[Mapping[str, Any]], found: list) -> str:
    src: list[str] = []
    for section in sections:
        src += sources_of(section)
    for step in steps:
        src += step.sources
    for _text, more in found:
        src += more
    if plan.profile.docs:
        src.append(plan.profile.docs)
    return "\n".join(["## " + _("Sources"), "", *(f"- {s}" for s in dict.fromkeys(src))])


def _readme(
    plan: Plan,
    files: Mapping[str, tuple[Any, int]],
    purposes: Mapping[str, str],
    body: str,
) -> str:
    from advisor import __version__

    p = plan.profile
    name = one_line(p.name)  # data from a catalog file: never a line of its own
    kind_words = _("hosted by the vendor") if plan.kind == "hosted" else _("run by you")
    registry = _("**{name}** (`{id}`), {kind}").format(
        name=name, id=one_line(p.id), kind=kind_words
    )
    head = [
        "# " + _("Registry setup: {setup}, {name}").format(setup=plan.setup, name=name),
        "",
        "- " + _("Setup: **{setup}**").format(setup=plan.setup),
        "- " + _("Registry: {registry}").format(registry=registry),
        "- " + _("Address: `{address}`").format(address=plan.address),
        f"- CI: {plan.ci}",
        "- "
        + _(
            "Made by registry-advisor {version}. Replace UPPERCASE placeholders with your own "
            "values."
        ).format(version=__version__),
    ]
    if plan.reasons:
        head += ["", _("Why this choice (from the recommendation):"), ""]
        head += [f"- {one_line(r)}" for r in plan.reasons]
    rows = [
        "| " + _("File") + " | " + _("What it is") + " |",
        "|---|---|",
        "| `README.md` | " + _("these steps") + " |",
    ]
    for path in sorted(files):
        mode = files[path][1]
        extra = "" if mode == FILE_MODE else " " + _("(mode {mode})").format(mode=f"{mode:04o}")
        purpose = _(purposes[path]) if purposes.get(path) else ""
        rows.append(f"| `{path}` | {purpose}{extra} |")
    return "\n".join(head + ["", "## " + _("Files"), "", *rows, "", body]).rstrip() + "\n"
