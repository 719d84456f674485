"""Vendor pages and upstream issues that doctor's checks cite.

Those marked `# read` were read on 2026-11-30 (directly, or through the project's field
notes); the others are the canonical pages for their topic.
"""

from __future__ import annotations

DIST_INSECURE = (  # read
    "https://github.com/distribution/distribution/blob/main/docs/content/about/insecure.md"
)
DIST_DEPLOYING = (  # read
    "https://github.com/distribution/distribution/blob/main/docs/content/about/deploying.md"
)
DIST_NGINX = (  # read: client_max_body_size 0, the API version header behind a proxy
    "https://github.com/distribution/distribution/blob/main/docs/content/recipes/nginx.md"
)
DIST_TOKEN = "https://distribution.github.io/distribution/spec/auth/token/"
OCI_DIST_SPEC = "https://github.com/opencontainers/distribution-spec/blob/main/spec.md"
DOCKER_CERTS = "https://docs.docker.com/engine/security/certificates/"  # read
DOCKER_DAEMON = "https://docs.docker.com/reference/cli/dockerd/"
CONTAINERD_HOSTS = "https://github.com/containerd/containerd/blob/main/docs/hosts.md"  # read
REGISTRIES_CONF = (
    "https://github.com/containers/image/blob/main/docs/containers-registries.conf.5.md"
)
CONTAINERS_CERTS_D = (  # read
    "https://github.com/containers/image/blob/main/docs/containers-certs.d.5.md"
)
BUILDKIT_TOML = "https://docs.docker.com/build/buildkit/toml-configuration/"  # read
BUILDX_IGNORES_DAEMON = "https://github.com/docker/buildx/issues/1642"  # read
GO_COMMON_NAME = "https://go.dev/doc/go1.15#commonname"  # read
DAEMON_WRONG_HOST = "https://github.com/moby/moby/issues/28091"  # read
INTERMEDIATE_CHAIN = "https://github.com/moby/moby/issues/10150"  # read
LEGACY_CN_ISSUE = "https://github.com/rancher/rke2/issues/775"  # read
