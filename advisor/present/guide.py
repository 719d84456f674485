"""A short setup guide for the recommended setup type, in numbered steps.

Which guide a report shows follows from the recommendation JSON: the setup type and the
top registry's `hosting`. The steps are our own summary of the documented procedures
collected in the field notes (section 3), with the sources listed under each guide; the
command `registry-advisor setup` writes the full files. Addresses are placeholders
(`registry.lan:5000`, `REGION`, `ACCOUNT_ID`) for the reader to replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOST = "registry.lan:5000"

SRC_DEPLOYING = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/deploying.md"
)
SRC_INSECURE = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/insecure.md"
)
SRC_GC = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/"
    "garbage-collection.md"
)
SRC_CONTAINERD = "https://github.com/containerd/containerd/blob/main/docs/hosts.md"
SRC_PODMAN = (
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/10/"
    "deploy-configuring_container_registries"
)
SRC_K3S = "https://docs.k3s.io/installation/private-registry"
SRC_BUILDX = "https://github.com/docker/buildx/issues/1642"
SRC_LOGIN_HTTP = "https://github.com/docker/login-action/issues/53"
SRC_CIS = (
    "https://tenable.com/audits/items/"
    "CIS_Docker_v1.5.0_L1_Docker_Linux.audit:a961abd33e962a636d60a0966a3fca3c"
)
SRC_ECR = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html"
SRC_GAR = "https://cloud.google.com/artifact-registry/docs/docker/authentication"
SRC_GHCR = (
    "https://docs.github.com/en/packages/working-with-a-github-packages-registry/"
    "working-with-the-container-registry"
)
SRC_GHCR_VISIBILITY = (
    "https://docs.github.com/en/packages/learn-github-packages/"
    "configuring-a-packages-access-control-and-visibility"
)
SRC_GITLAB = (
    "https://docs.gitlab.com/user/packages/container_registry/authenticate_with_container_registry/"
)
SRC_QUAY = "https://docs.quay.io/glossary/robot-accounts.html"
SRC_ACR = (
    "https://learn.microsoft.com/powershell/module/az.containerregistry/connect-azcontainerregistry"
)
SRC_HUB = (
    "https://github.com/docker/docs/blob/main/content/guides/docker-concepts/the-basics/"
    "what-is-a-registry.md"
)
SRC_HUB_LIMITS = (
    "https://github.com/docker/docs/blob/main/content/manuals/docker-hub/usage/_index.md"
)


@dataclass(frozen=True)
class Step:
    text: str  # may hold `code` spans
    code: str | None = None
    lang: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, url)


@dataclass(frozen=True)
class Guide:
    kind: str  # insecure | self-hosted | hosted
    title: str
    intro: str
    steps: tuple[Step, ...]
    sources: tuple[str, ...]
    command: str


def _kind(rec: dict[str, Any], top: dict[str, Any]) -> str:
    if rec.get("setup") == "insecure":
        return "insecure"
    hosting = top.get("hosting")
    hosting = hosting if isinstance(hosting, list) else []
    own = (rec.get("effective_answers") or {}).get("own_infrastructure") is True
    if "saas" in hosting and ("self-hosted" not in hosting or not own):
        return "hosted"
    return "self-hosted"


def setup_guide(rec: dict[str, Any], catalog: Any = None) -> Guide | None:
    """The guide for the recommendation's setup type and top registry; None if none ranked."""
    ranked = rec.get("registries") or []
    if not ranked:
        return None
    top = ranked[0]
    name = " ".join(str(top.get("name") or top["id"]).split())
    reg = catalog.get(top["id"]) if catalog is not None else None
    homepage = reg.homepage if reg is not None else None
    kind = _kind(rec, top)
    if kind == "insecure":
        return _insecure(top["id"], name, homepage, rec)
    if kind == "self-hosted":
        return _self_hosted(top["id"], name, homepage, rec, reg)
    return _hosted(top["id"], name, homepage, rec)


def _install_step(registry_id: str, name: str, homepage: str | None, *, tls: bool) -> Step:
    links = ((f"{name} documentation", homepage),) if homepage else ()
    how = "with TLS" if tls else "listening on plain HTTP"
    return Step(
        f"Install {name} on a server inside your network by following its own documentation, "
        f"{how}. The steps below are the client side, which is the same for any registry.",
        links=links,
    )


# ---------------------------------------------------------------- insecure


def _insecure(registry_id: str, name: str, homepage: str | None, rec: dict[str, Any]) -> Guide:
    offline = (rec.get("effective_answers") or {}).get("offline") is True
    steps: list[Step] = []
    run = (
        "docker run -d --restart=always --name registry -p 5000:5000 \\\n"
        "  -e OTEL_TRACES_EXPORTER=none \\\n"
        "  -v /srv/registry:/var/lib/registry \\\n"
        "  registry:3"
    )
    if registry_id == "distribution":
        steps.append(
            Step(
                "Start CNCF Distribution on a server inside the network. Keep the images in a "
                "host directory so they survive a restart; `OTEL_TRACES_EXPORTER=none` stops the "
                "`registry:3` image from trying to send traces to localhost:4318.",
                run,
                "console",
            )
        )
    else:
        steps.append(_install_step(registry_id, name, homepage, tls=False))
    if offline:
        steps.append(
            Step(
                "The network has no internet, so carry the images in: on a connected machine save "
                "them to a file with `docker save`, copy it across, and `docker load` it on the "
                "inside before tagging and pushing to the registry."
            )
        )
    steps += [
        Step(
            "On every machine whose Docker Engine pulls from or pushes to the registry (the "
            "clients, not only the registry host), list the registry under "
            "`insecure-registries` in `/etc/docker/daemon.json`, then restart Docker "
            "(`sudo systemctl restart docker`). Docker Desktop has the same setting under "
            "Settings, Docker Engine.",
            '{\n  "insecure-registries": ["' + HOST + '"]\n}',
            "json",
        ),
        Step(
            "containerd (Kubernetes nodes, nerdctl): point `config_path` in "
            "`/etc/containerd/config.toml` at `/etc/containerd/certs.d` (restart containerd "
            "once for that), then give the registry a `hosts.toml` with its http:// address. "
            "Files under `certs.d` are read without a restart.",
            "# /etc/containerd/config.toml (containerd 2.x)\n"
            "version = 3\n"
            '[plugins."io.containerd.cri.v1.images".registry]\n'
            '  config_path = "/etc/containerd/certs.d"\n\n'
            f"# /etc/containerd/certs.d/{HOST}/hosts.toml\n"
            f'server = "http://{HOST}"\n\n'
            f'[host."http://{HOST}"]\n'
            '  capabilities = ["pull", "resolve", "push"]',
            "toml",
        ),
        Step(
            "Podman, Buildah and Skopeo: mark the registry insecure in "
            "`/etc/containers/registries.conf` (or `~/.config/containers/registries.conf` "
            "for one user).",
            f'[[registry]]\nlocation = "{HOST}"\ninsecure = true',
            "toml",
        ),
        Step(
            "k3s: write `/etc/rancher/k3s/registries.yaml` on every node, servers included, "
            "with an http:// endpoint (without the scheme k3s assumes https), then restart k3s "
            "on each node.",
            f'mirrors:\n  "{HOST}":\n    endpoint:\n      - "http://{HOST}"',
            "yaml",
        ),
        Step(
            "BuildKit (`docker buildx` with its own builder) does not read `daemon.json`; "
            "give the builder a `buildkitd.toml` that marks the registry as plain HTTP.",
            f'[registry."{HOST}"]\n  http = true',
            "toml",
        ),
        Step(
            "Know what you are accepting: images cross the network unencrypted, anyone who "
            "can reach the port can push and pull, and Docker offers no safe login over plain "
            "HTTP. Security benchmarks (CIS Docker) flag insecure registries, so keep the "
            "registry on a closed network and write the exception down."
        ),
        Step(
            "The safer path when you can: give the registry a TLS certificate from an internal "
            "CA, copy the CA to `/etc/docker/certs.d/<host:port>/ca.crt` on each Docker client "
            "(no restart needed) and remove the insecure settings. Then add logins. Answer "
            "that you can issue certificates and re-run the advisor for the private setup."
        ),
    ]
    return Guide(
        kind="insecure",
        title=f"Setting up {name} as an insecure (plain HTTP) registry",
        intro=f"Replace `{HOST}` with the address your clients use for the registry.",
        steps=tuple(steps),
        sources=(
            SRC_DEPLOYING,
            SRC_INSECURE,
            SRC_CONTAINERD,
            SRC_PODMAN,
            SRC_K3S,
            SRC_BUILDX,
            SRC_LOGIN_HTTP,
            SRC_CIS,
        ),
        command=f"registry-advisor setup --answers FILE --host {HOST} --output DIR",
    )


# ---------------------------------------------------------------- self-hosted with TLS


def _self_hosted(
    registry_id: str, name: str, homepage: str | None, rec: dict[str, Any], reg: Any
) -> Guide:
    public = rec.get("setup") == "public"
    steps: list[Step] = []
    if public:
        steps.append(
            Step(
                "Get a certificate from a public certificate authority for the registry's DNS name "
                "(Distribution can fetch one from Let's Encrypt itself), since the people who pull "
                "will not install a CA of yours. Save it as `certs/domain.crt` and the key as "
                "`certs/domain.key`; append any intermediate certificates to `domain.crt`."
            )
        )
    else:
        steps.append(
            Step(
                "Issue the registry a TLS certificate from your internal CA, with its DNS name in "
                "the subjectAltName. Save it as `certs/domain.crt` (intermediate certificates "
                "appended) and the key as `certs/domain.key`. For a trial, a self-signed one:",
                "mkdir -p certs\n"
                "openssl req -newkey rsa:4096 -nodes -sha256 -keyout certs/domain.key \\\n"
                '  -addext "subjectAltName = DNS:registry.lan" -x509 -days 365 \\\n'
                "  -out certs/domain.crt",
                "console",
            )
        )
    if registry_id == "distribution":
        steps += [
            Step(
                "Create the users in an htpasswd file. The registry accepts bcrypt hashes only "
                "(`-B`); the old `registry:2 htpasswd` trick no longer works, the `httpd:2` "
                "image has the tool. Keep the password out of your shell history, or let "
                "`registry-advisor setup --generate-secrets --password-stdin` write the file.",
                "mkdir -p auth\n"
                "docker run --rm --entrypoint htpasswd httpd:2 -Bbn ci 'PASSWORD' > auth/htpasswd",
                "console",
            ),
            Step(
                "Start the registry with TLS and htpasswd logins.",
                "docker run -d --restart=always --name registry -p 5000:5000 \\\n"
                "  -e OTEL_TRACES_EXPORTER=none \\\n"
                '  -v "$(pwd)"/certs:/certs -v "$(pwd)"/auth:/auth \\\n'
                "  -v /srv/registry:/var/lib/registry \\\n"
                "  -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/domain.crt \\\n"
                "  -e REGISTRY_HTTP_TLS_KEY=/certs/domain.key \\\n"
                "  -e REGISTRY_AUTH=htpasswd \\\n"
                '  -e "REGISTRY_AUTH_HTPASSWD_REALM=Registry Realm" \\\n'
                "  -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd \\\n"
                "  registry:3",
                "console",
            ),
        ]
    else:
        steps.append(_install_step(registry_id, name, homepage, tls=True))
    if public:
        anon = reg.attr("anonymous_pull") if reg is not None else None
        note = " ".join(str(anon.note).split()) if anon is not None and anon.note else None
        text = (
            "Allow anonymous pulls for the repositories you publish, and keep pushes behind "
            "a login."
        )
        if note:
            text += f" The catalog notes for {name}: {note}"
        steps.append(Step(text))
    else:
        steps.append(
            Step(
                "On each Docker client, trust your CA by saving it as "
                f"`/etc/docker/certs.d/{HOST}/ca.crt` (no restart needed). containerd reads a "
                f"`ca` entry in `/etc/containerd/certs.d/{HOST}/hosts.toml`, and k3s a "
                "`configs` entry with `tls.ca_file` in `registries.yaml` on every node. If a "
                "login still fails with an x509 error, add the CA to the system trust store too "
                "(`update-ca-certificates` or `update-ca-trust`).",
                f"sudo mkdir -p /etc/docker/certs.d/{HOST}\n"
                f"sudo cp ca.crt /etc/docker/certs.d/{HOST}/ca.crt",
                "console",
            )
        )
    steps += [
        Step(
            "Log in with the password on standard input, never as `-p` on the command line, "
            "and use separate users or robot accounts for CI and for the clusters that pull.",
            f"docker login {HOST} --username ci --password-stdin < ci-password.txt",
            "console",
        ),
        Step(
            "Plan for storage: deleting a tag does not free disk. Delete the manifests first, "
            "then run garbage collection while the registry is read-only or stopped "
            "(Distribution: `registry garbage-collect --dry-run CONFIG` first), or use the "
            "product's retention policies."
        ),
    ]
    what = "public" if public else "private"
    return Guide(
        kind="self-hosted",
        title=f"Setting up {name} as a {what} registry you run yourself (TLS and logins)",
        intro=f"Replace `{HOST}` and `registry.lan` with your registry's address.",
        steps=tuple(steps),
        sources=(SRC_DEPLOYING, SRC_INSECURE, SRC_CONTAINERD, SRC_K3S, SRC_GC),
        command=f"registry-advisor setup --answers FILE --host {HOST} --output DIR",
    )


# ---------------------------------------------------------------- hosted


def _hosted(registry_id: str, name: str, homepage: str | None, rec: dict[str, Any]) -> Guide:
    public = rec.get("setup") == "public"
    flow = _LOGIN_FLOWS.get(registry_id)
    if flow is None:
        links = ((f"{name} documentation", homepage),) if homepage else ()
        steps: tuple[Step, ...] = (
            Step(
                f"Create the repository in {name} and an access token for each person and "
                "each CI system, following the service's documentation.",
                links=links,
            ),
            Step(
                "Log in with the token on standard input:",
                'echo "$TOKEN" | docker login HOST --username USER --password-stdin',
                "console",
            ),
        )
        sources: tuple[str, ...] = ()
    else:
        steps, sources = flow(public)
    what = "public" if public else "private"
    return Guide(
        kind="hosted",
        title=f"Getting started with {name} ({what}, hosted)",
        intro="Words in capitals (REGION, ACCOUNT_ID, USERNAME) are placeholders for yours.",
        steps=steps,
        sources=sources,
        command="registry-advisor setup --answers FILE --output DIR",
    )


def _ecr(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    host = "ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com"
    return (
        Step(
            "Create a repository for each image.",
            "aws ecr create-repository --repository-name my-app --region REGION",
            "console",
        ),
        Step(
            "Log Docker in with a token from the AWS CLI. The token lasts 12 hours, so log in "
            "again in every CI job.",
            "aws ecr get-login-password --region REGION \\\n"
            f"  | docker login --username AWS --password-stdin {host}",
            "console",
        ),
        Step(
            "On long-lived hosts, install the Amazon ECR credential helper instead of storing "
            "a token: a pull secret made from a 12-hour token stops working overnight. The "
            "helper does not support MFA.",
            '{\n  "credHelpers": {\n    "' + host + '": "ecr-login"\n  }\n}',
            "json",
        ),
        Step(
            f"Tag and push: `docker tag my-app {host}/my-app:1.0` then "
            f"`docker push {host}/my-app:1.0`."
        ),
        Step(
            "Add a lifecycle policy early (for example, keep the last 100 images): without one "
            "every pushed build is stored and billed."
        ),
    ), (SRC_ECR, "https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html")


def _gar(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    return (
        Step(
            "Create a Docker repository in your project.",
            "gcloud artifacts repositories create my-repo \\\n"
            "  --repository-format=docker --location=REGION",
            "console",
        ),
        Step(
            "Let Docker use gcloud's credentials for the region's host. This writes a "
            "`credHelpers` entry to Docker's config (replacing any existing one for that host) "
            "and does not work with the Docker snap package.",
            "gcloud auth configure-docker REGION-docker.pkg.dev",
            "console",
        ),
        Step(
            "Push as `REGION-docker.pkg.dev/PROJECT/my-repo/my-app:1.0`. Machines and CI "
            "should use a service account; Cloud Build, GKE and Cloud Run need no extra setup."
        ),
        Step(
            "Still using gcr.io? Container Registry has shut down; "
            "`gcloud artifacts docker upgrade migrate --projects=PROJECT` moves a project "
            "while keeping gcr.io names working."
        ),
    ), (SRC_GAR, "https://cloud.google.com/sdk/gcloud/reference/auth/configure-docker")


def _ghcr(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    visibility = (
        Step(
            "A package's first push makes it private. To publish it, open Package settings and "
            "use Change visibility, Public (an organization may first have to allow public "
            "packages). This cannot be undone."
        )
        if public
        else Step(
            "New packages are private, which is what you want here. People and clusters that "
            "pull need a token with `read:packages`; never switch a package to public by "
            "mistake, because that cannot be undone."
        )
    )
    return (
        Step(
            "In GitHub Actions, log in with the built-in `GITHUB_TOKEN` (preferred over a "
            "personal token) and give the job permission to write packages.",
            "permissions:\n"
            "  contents: read\n"
            "  packages: write\n"
            "steps:\n"
            "  - uses: docker/login-action@v3\n"
            "    with:\n"
            "      registry: ghcr.io\n"
            "      username: ${{ github.actor }}\n"
            "      password: ${{ secrets.GITHUB_TOKEN }}",
            "yaml",
        ),
        Step(
            "From a workstation, use a personal access token (classic) with `read:packages` "
            "and `write:packages`, passed on standard input.",
            'echo "$CR_PAT" | docker login ghcr.io -u USERNAME --password-stdin',
            "console",
        ),
        Step(
            "Label images with `org.opencontainers.image.source` pointing at the repository, "
            "so the package is linked to it and later workflows may push to it (a link "
            "passes on permissions, not visibility)."
        ),
        visibility,
    ), (SRC_GHCR, SRC_GHCR_VISIBILITY)


def _gitlab(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    return (
        Step(
            "In GitLab CI/CD, log in with the job's own token; `$CI_REGISTRY_IMAGE` is the "
            "project's image name.",
            'echo "$CI_JOB_TOKEN" | docker login "$CI_REGISTRY" -u "$CI_REGISTRY_USER" '
            "--password-stdin\n"
            'docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .\n'
            'docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"',
            "console",
        ),
        Step(
            "Outside CI, log in with an access token or a deploy token: scope `read_registry` "
            "to pull, plus `write_registry` to push. A password login fails once two-factor "
            "authentication is on."
        ),
        Step("Give each cluster that pulls its own deploy token with `read_registry` only."),
    ), (SRC_GITLAB,)


def _quay(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    return (
        Step(
            "Create a robot account in your organization and grant it the repositories it "
            "needs. Its user name is `organization+robot`, its token is the password."
        ),
        Step(
            "Log in with the robot's token on standard input.",
            'echo "$QUAY_TOKEN" | docker login quay.io -u "myorg+deploy" --password-stdin',
            "console",
        ),
        Step(
            "For Kubernetes, make a pull secret from a robot that can only read.",
            "kubectl create secret docker-registry quay-pull --docker-server=quay.io \\\n"
            '  --docker-username="myorg+puller" --docker-password="$QUAY_TOKEN"',
            "console",
        ),
    ), (SRC_QUAY, "https://docs.quay.io/glossary/access-token.html")


def _acr(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    return (
        Step(
            "Log Docker in with your Azure CLI identity.",
            "az acr login --name REGISTRY_NAME",
            "console",
        ),
        Step(
            "Where no Docker daemon runs (some CI containers), ask for a token and use it with "
            "the fixed all-zero user name. The token is short-lived: fetch it in each job.",
            "TOKEN=$(az acr login --name REGISTRY_NAME --expose-token "
            "--query accessToken -o tsv)\n"
            'echo "$TOKEN" | docker login REGISTRY_NAME.azurecr.io \\\n'
            "  -u 00000000-0000-0000-0000-000000000000 --password-stdin",
            "console",
        ),
        Step("Push as `REGISTRY_NAME.azurecr.io/my-app:1.0`."),
    ), (SRC_ACR,)


def _dockerhub(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    vis = "Public" if public else "Private"
    return (
        Step(f"On Docker Hub, create a repository (namespace and name) with visibility {vis}."),
        Step(
            "Create a personal access token in your account settings and log in with it on "
            "standard input.",
            'echo "$DOCKERHUB_TOKEN" | docker login -u USERNAME --password-stdin',
            "console",
        ),
        Step(
            "Tag and push.",
            "docker tag my-app USERNAME/my-app:1.0\ndocker push USERNAME/my-app:1.0",
            "console",
        ),
        Step(
            "Anonymous pulls are limited per IP address, which shared CI runners and NAT "
            "gateways hit quickly: log in wherever you pull, or pull through a mirror."
        ),
    ), (SRC_HUB, SRC_HUB_LIMITS)


def _jfrog(public: bool) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    return (
        Step(
            "Log in with your user name and an identity or access token (not confirmed from "
            "a source: check JFrog's documentation).",
            'echo "$JFROG_TOKEN" | docker login SERVER.jfrog.io -u USERNAME --password-stdin',
            "console",
        ),
    ), ()


_LOGIN_FLOWS = {
    "ecr": _ecr,
    "artifact-registry": _gar,
    "ghcr": _ghcr,
    "gitlab": _gitlab,
    "quay": _quay,
    "acr": _acr,
    "dockerhub": _dockerhub,
    "jfrog": _jfrog,
}
