"""Carry-in files for an air-gapped site: fetch on a connected machine, load on the inside.

`airgap/images.txt` lists what to carry (the registry's own server images, a small test
image; you add your own), one image reference a line. `airgap/fetch.sh` runs on a
connected machine: `skopeo copy` of each image to a docker-archive file under `media/`
(loadable by `docker load` and `podman load`, and pushable by skopeo). `airgap/load.sh` runs
inside: it pushes each archive to the new registry with `skopeo copy`, reading the
registry's CA from `certs/` when TLS is on. Neither script downloads anything inside.

Every value in the scripts is a constant or passes through `shlex.quote`.
Sources: skopeo-copy(1) transports docker://, docker-archive:, oci-archive: —
https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md ; docker load —
https://docs.docker.com/reference/cli/docker/image/load/
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.setup.plan import Plan

TEST_IMAGE = "docker.io/library/busybox:1.37"
SOURCES = (
    "https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md",
    "https://docs.docker.com/reference/cli/docker/image/load/",
)


def images(plan: Plan) -> list[str]:
    """The images to carry in: the registry's own server images, then the test image."""
    return [*plan.profile.carry, TEST_IMAGE]


def images_txt(plan: Plan) -> str:
    lines = [
        "# Images to carry into the air-gapped network, one reference a line.",
        "# Add your own below; lines starting with # are skipped.",
        *images(plan),
    ]
    return "\n".join(lines) + "\n"


_IMAGES = "grep -v '^[[:space:]]*#' images.txt | grep -v '^[[:space:]]*$'"
_ARCHIVE_NAME = "$(printf '%s' \"$ref\" | tr '/:@' '___')"


def fetch_sh(plan: Plan) -> str:
    """The connected side: each image of images.txt to media/NAME.tar."""
    lines = [
        "#!/bin/sh",
        "# On a machine WITH internet access: save every image of images.txt under media/,",
        "# then carry this directory (with media/) inside and run load.sh there.",
        "# ARCH picks the platform of the air-gapped machines (default amd64).",
        "set -eu",
        'cd "$(dirname "$0")"',
        "mkdir -p media",
        f"{_IMAGES} | while IFS= read -r ref; do",
        f"  name={_ARCHIVE_NAME}",
        '  skopeo copy --override-os linux --override-arch "${ARCH:-amd64}" \\',
        '    "docker://$ref" "docker-archive:media/$name.tar:$ref"',
        "done",
    ]
    lines += [
        # The old list goes first, so that a second run does not checksum it.
        "(cd media && rm -f SHA256SUMS && sha256sum -- * > SHA256SUMS)",
        "echo 'carry the airgap/ directory (with media/) inside, then run load.sh there'",
    ]
    return "\n".join(lines) + "\n"


def load_sh(plan: Plan) -> str:
    """The inside: check the media, push every archive to the registry."""
    secure = plan.setup != "insecure"
    tls = (
        # skopeo reads every *.crt in the directory as a CA: give it only the bundle's CA.
        '    --dest-cert-dir "$CERTS" \\' if secure else "    --dest-tls-verify=false \\"
    )
    lines = [
        "#!/bin/sh",
        f"# Inside the air-gapped network: push every carried image to {plan.address}.",
        "# Keeps each image's path (docker.io/library/busybox:1.37 ->",
        f"# {plan.address}/library/busybox:1.37). Nothing here downloads anything.",
    ]
    if secure:
        lines.append("# Log in first: skopeo login REGISTRY -u USER --password-stdin < pw-file")
    lines += [
        "set -eu",
        'cd "$(dirname "$0")"',
        f"REGISTRY=${{REGISTRY:-{shlex.quote(plan.address)}}}",
        "(cd media && sha256sum -c SHA256SUMS)",
    ]
    if secure:
        lines += [
            "CERTS=$(mktemp -d); trap 'rm -rf \"$CERTS\"' EXIT",
            'cp ../certs/ca.crt "$CERTS/ca.crt"',
        ]
    lines += [
        f"{_IMAGES} | while IFS= read -r ref; do",
        f"  name={_ARCHIVE_NAME}",
        "  path=${ref#*/}  # drop the source registry",
        "  skopeo copy \\",
        tls,
        '    "docker-archive:media/$name.tar" "docker://$REGISTRY/$path"',
        "done",
    ]
    return "\n".join(lines) + "\n"


def airgap_files(plan: Plan) -> dict[str, str]:
    """{bundle path: text} of the carry-in part; {} unless the site is air-gapped."""
    if not plan.offline or plan.kind == "hosted":
        return {}
    return {
        "airgap/images.txt": images_txt(plan),
        "airgap/fetch.sh": fetch_sh(plan),
        "airgap/load.sh": load_sh(plan),
    }
