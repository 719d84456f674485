"""Diagnosis of a live registry and of an error message (`registry-advisor doctor`).

- target: HOST[:PORT] and the one deadline a run shares
- wire: a small HTTP/1.1 client over sockets, bounded by that deadline
- probe, tls: the network checks (tcp, tls, api, auth) against the given host only
- certs: reading certificates and judging names as Go clients do
- clients: what Docker, containerd, Podman/skopeo and BuildKit are configured to do (read only)
- verdict: which client fails and the lines that fix it (from advisor.setup's emitters)
- signatures: data/errors.yaml, validated, matched against a message, causes decided by facts
- run: the whole diagnosis; render: plain text; model: the JSON shapes
"""
