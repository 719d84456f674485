"""Tests for advisor.learn.reference: Docker's image reference grammar.

Most rows are ported from github.com/distribution/reference (normalize_test.go,
reference_test.go, regexp_test.go), run through ParseNormalizedNamed as Docker does.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from advisor.learn.reference import (
    MSG_DIGEST_INVALID,
    MSG_DIGEST_UNSUPPORTED,
    MSG_INVALID_FORMAT,
    MSG_NAME_TOO_LONG,
    MSG_NAME_UPPERCASE,
    Reference,
    ReferenceError,
    explain,
    parse,
)

F64 = "f" * 64
SHA256 = "sha256:" + F64
BE = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"
DBCC = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
BUSYBOX = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
SHA384 = "sha384:" + "a" * 96
SHA512 = "sha512:" + "f" * 128
HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"
SONG = "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"
LONG_NS = "_".join(["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"] * 4)


def ok(
    ref: str,
    canonical: str,
    familiar: str,
    domain: str,
    path: str,
    tag: str | None = None,
    digest: str | None = None,
) -> object:
    return pytest.param(ref, (canonical, familiar, domain, path, tag, digest), id=ref[:60])


def bad(ref: str, code: str, message: str | None = None) -> object:
    return pytest.param(ref, (code, message), id=repr(ref[:60]))


def hub(ref: str, path: str, tag: str | None = None, digest: str | None = None) -> object:
    """A valid Docker Hub reference, with canonical and familiar forms derived."""
    suffix = (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    canonical = f"docker.io/{path}" + (suffix or ":latest")
    familiar = (
        path[len("library/") :] if path.count("/") == 1 and path.startswith("library/") else path
    )
    return ok(ref, canonical, familiar + suffix, "docker.io", path, tag, digest)


def other(
    ref: str, domain: str, path: str, tag: str | None = None, digest: str | None = None
) -> object:
    """A valid reference on a registry other than Docker Hub."""
    suffix = (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    name = f"{domain}/{path}" if domain else path
    return ok(ref, name + (suffix or ":latest"), name + suffix, domain, path, tag, digest)


VALID = [
    # normalize_test.go TestValidateReferenceName: valid names
    hub("docker/docker", "docker/docker"),
    hub("library/debian", "library/debian"),
    hub("debian", "library/debian"),
    hub("docker.io/docker/docker", "docker/docker"),
    hub("docker.io/library/debian", "library/debian"),
    hub("docker.io/debian", "library/debian"),
    hub("index.docker.io/docker/docker", "docker/docker"),
    hub("index.docker.io/library/debian", "library/debian"),
    hub("index.docker.io/debian", "library/debian"),
    other("127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker"),
    other("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian"),
    other("127.0.0.1:5000/debian", "127.0.0.1:5000", "debian"),
    hub("192.168.0.1", "library/192.168.0.1"),
    hub("192.168.0.1:80", "library/192.168.0.1", tag="80"),
    other("192.168.0.1:8/debian", "192.168.0.1:8", "debian"),
    other("192.168.0.2:25000/debian", "192.168.0.2:25000", "debian"),
    hub(SONG, "library/" + SONG),
    other("[fc00::1]:5000/docker", "[fc00::1]:5000", "docker"),
    other("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker"),
    other(
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian"
    ),
    hub("docker.io/" + HEX64, "library/" + HEX64),
    other("Docker/docker", "Docker", "docker"),
    other("DOCKER/docker", "DOCKER", "docker"),
    # TestValidateRemoteName: valid names
    hub("docker-rules/docker", "docker-rules/docker"),
    hub("docker---rules/docker", "docker---rules/docker"),
    hub("doc/docker", "doc/docker"),
    hub("d/docker", "d/docker"),
    hub("jess/t", "jess/t"),
    hub("dock__er/docker", "dock__er/docker"),
    # TestParseRepositoryInfo
    hub("fooo/bar", "fooo/bar"),
    hub("index.docker.io/fooo/bar", "fooo/bar"),
    hub("nonlibrary/ubuntu", "nonlibrary/ubuntu"),
    hub("other/library", "other/library"),
    other("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase"),
    other("127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase"),
    other("example.com/private/moonbase", "example.com", "private/moonbase"),
    other("example.com/privatebase", "example.com", "privatebase"),
    other("example.com:8000/private/moonbase", "example.com:8000", "private/moonbase"),
    other("example.com:8000/privatebasee", "example.com:8000", "privatebasee"),
    hub("ubuntu-12.04-base", "library/ubuntu-12.04-base"),
    hub("index.docker.io/library/ubuntu-12.04-base", "library/ubuntu-12.04-base"),
    hub("library/foo/bar", "library/foo/bar"),
    hub("docker.io/library/foo/bar", "library/foo/bar"),
    hub("store/foo/bar", "store/foo/bar"),
    other("Foo/bar", "Foo", "bar"),
    other("FOO/bar", "FOO", "bar"),
    # TestParseReferenceWithTagAndDigest: both are kept
    hub("busybox:latest@" + BUSYBOX, "library/busybox", "latest", BUSYBOX),
    # TestParseAnyReference, the named ones
    hub("redis", "library/redis"),
    hub("redis:latest", "library/redis", "latest"),
    hub("docker.io/library/redis:latest", "library/redis", "latest"),
    hub("redis@" + DBCC, "library/redis", digest=DBCC),
    hub("docker.io/library/redis@" + DBCC, "library/redis", digest=DBCC),
    hub("dmcgowan/myapp", "dmcgowan/myapp"),
    hub("dmcgowan/myapp:latest", "dmcgowan/myapp", "latest"),
    hub("docker.io/mcgowan/myapp:latest", "mcgowan/myapp", "latest"),
    hub("dmcgowan/myapp@" + DBCC, "dmcgowan/myapp", digest=DBCC),
    hub(DBCC[7:-1], "library/" + DBCC[7:-1]),  # 63 hex digits: a name, not an ID
    hub("dbcc1", "library/dbcc1"),
    # "sha256:<hex>" is the image "sha256" with a tag, for ParseNormalizedNamed
    hub(DBCC, "library/sha256", tag=DBCC[7:]),
    # TestNormalizedSplitHostname
    other("test.com/foo", "test.com", "foo"),
    hub("test_com/foo", "test_com/foo"),
    hub("docker/migrator", "docker/migrator"),
    other("test.com:8080/foo", "test.com:8080", "foo"),
    other("test-com:8080/foo", "test-com:8080", "foo"),
    hub("foo", "library/foo"),
    other("xn--n3h.com/foo", "xn--n3h.com", "foo"),
    other("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    hub("docker.io/foo", "library/foo"),
    hub("docker.io/library/foo", "library/foo"),
    # reference_test.go TestReferenceParse, normalised
    hub("test_com", "library/test_com"),
    hub("test.com:tag", "library/test.com", "tag"),
    hub("test.com:5000", "library/test.com", "5000"),
    other("test.com/repo:tag", "test.com", "repo", "tag"),
    other("test:5000/repo", "test:5000", "repo"),
    other("test:5000/repo:tag", "test:5000", "repo", "tag"),
    other("test:5000/repo@" + SHA256, "test:5000", "repo", digest=SHA256),
    other("test:5000/repo:tag@" + SHA256, "test:5000", "repo", "tag", SHA256),
    hub("lowercase:Uppercase", "library/lowercase", "Uppercase"),
    hub("a/" * 127 + "a:tag-puts-this-over-max", "a/" * 127 + "a", "tag-puts-this-over-max"),
    other("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux"),
    other(
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
        "sub-dom1.foo.com",
        "bar/baz/quux",
        "some-long-tag",
    ),
    other(
        "b.gcr.io/test.example.com/my-app:test.example.com",
        "b.gcr.io",
        "test.example.com/my-app",
        "test.example.com",
    ),
    other("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com"),
    other(
        "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512,
        "xn--7o8h.com",
        "myimage",
        "xn--7o8h.com",
        SHA512,
    ),
    hub("foo_bar.com:8080", "library/foo_bar.com", "8080"),
    hub("foo/foo_bar.com:8080", "foo/foo_bar.com", "8080"),
    hub("192.168.1.1", "library/192.168.1.1"),
    hub("192.168.1.1:tag", "library/192.168.1.1", "tag"),
    hub("192.168.1.1:5000", "library/192.168.1.1", "5000"),
    other("192.168.1.1/repo", "192.168.1.1", "repo"),
    other("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo"),
    other("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050"),
    other("[2001:db8::1]/repo", "[2001:db8::1]", "repo"),
    other("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag"),
    other("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo"),
    other("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag"),
    other("[2001:db8::1]:5000/repo@" + SHA256, "[2001:db8::1]:5000", "repo", digest=SHA256),
    other("[2001:db8::1]:5000/repo:tag@" + SHA256, "[2001:db8::1]:5000", "repo", "tag", SHA256),
    other("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo"),
    other("[::1]:5000/repo", "[::1]:5000", "repo"),
    other("example.com/" + "a" * 255 + ":tag", "example.com", "a" * 255, "tag"),
    # regexp_test.go TestReferenceRegexp
    other("registry.com:8080/myapp:tag", "registry.com:8080", "myapp", "tag"),
    other("registry.com:8080/myapp@" + BE, "registry.com:8080", "myapp", digest=BE),
    other("registry.com:8080/myapp:tag2@" + BE, "registry.com:8080", "myapp", "tag2", BE),
    hub("localhost:8080@" + BE, "library/localhost", "8080", BE),
    other("localhost:8080/name@" + BE, "localhost:8080", "name", digest=BE),
    hub("localhost@" + BE, "library/localhost", digest=BE),
    # TestDomainRegexp, as hosts of references
    other("0101.com/x", "0101.com", "x"),
    other("001a.com/x", "001a.com", "x"),
    other("ab.c-om/x", "ab.c-om", "x"),
    other("Asdf.com/foo/bar", "Asdf.com", "foo/bar"),
    other("192.168.1.1:75050/x", "192.168.1.1:75050", "x"),  # ports are not range-checked
    other("[fd00123123123]:75050/x", "[fd00123123123]:75050", "x"),  # nor IPv6 syntax
    other(
        "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050/x",
        "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050",
        "x",
    ),
    # TestFullNameRegexp
    hub("a/a/a/a", "a/a/a/a"),
    hub("aa/aa/bb/bb/bb", "aa/aa/bb/bb/bb"),
    hub("foo.com", "library/foo.com"),
    other("foo.com/bar/baz", "foo.com", "bar/baz"),
    other("localhost:8080/bar", "localhost:8080", "bar"),
    hub("aa-a/a", "aa-a/a"),
    other("example.com/xn--7o8h.com/myimage", "example.com", "xn--7o8h.com/myimage"),
    other(
        "example.com/some_separator__underscore/myimage",
        "example.com",
        "some_separator__underscore/myimage",
    ),
    hub("do__cker/docker", "do__cker/docker"),
    other(
        "registry.io/foo/project--id.module--name.ver---sion--name",
        "registry.io",
        "foo/project--id.module--name.ver---sion--name",
    ),
    # TestIdentifierRegexp: only exactly 64 lowercase hex digits is an ID
    hub(HEX64 + "8482", "library/" + HEX64 + "8482"),
    hub(HEX64 + ":tag", "library/" + HEX64, "tag"),
    # localhost, Docker Hub's names, and other domain rules
    hub("localhost", "library/localhost"),
    hub("localhost:5000", "library/localhost", "5000"),
    hub("example.com:5000", "library/example.com", "5000"),
    other("localhost/foo", "localhost", "foo"),
    other("localhost:5000/foo/bar:1.0", "localhost:5000", "foo/bar", "1.0"),
    other("LOCALHOST/foo", "LOCALHOST", "foo"),
    hub("index.docker.io", "library/index.docker.io"),
    other("index.docker.io:443/foo", "index.docker.io:443", "foo"),
    other("docker.io:443/foo", "docker.io:443", "foo"),
    other("DOCKER.IO/foo", "DOCKER.IO", "foo"),
    other("registry-1.docker.io/library/ubuntu", "registry-1.docker.io", "library/ubuntu"),
    hub("docker.io/library", "library/library"),
    hub("library", "library/library"),
    other("ghcr.io/owner/repo:v1.2.3", "ghcr.io", "owner/repo", "v1.2.3"),
    other("a:1/c", "a:1", "c"),
    other("[::1]/foo", "[::1]", "foo"),
    other("a" * 300 + ".com/x", "a" * 300 + ".com", "x"),  # the host is not counted
    # underscores make a '.'-host invalid, and the grammar then reads it as a path
    other("my_registry.local/app", "", "my_registry.local/app"),
    other("my_registry.local/app:1", "", "my_registry.local/app", "1"),
    # path length: 255, and library/ counts
    hub("a" * 247, "library/" + "a" * 247),
    hub("b/" + "a" * 253, "b/" + "a" * 253),
    # tags
    hub("foo:" + "t" * 128, "library/foo", "t" * 128),
    hub("foo:_x", "library/foo", "_x"),
    hub("foo:x.y-z_W", "library/foo", "x.y-z_W"),
    hub("ubuntu:LATEST", "library/ubuntu", "LATEST"),
    hub("foo:0", "library/foo", "0"),
    # digests
    hub("foo@" + SHA384, "library/foo", digest=SHA384),
    hub("foo@" + SHA512, "library/foo", digest=SHA512),
    hub("foo:1@" + SHA512, "library/foo", "1", SHA512),
]

INVALID = [
    # normalize_test.go TestValidateReferenceName: invalid names
    bad("https://github.com/docker/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad(
        "docker/Docker",
        "uppercase",
        "invalid reference format: repository name (docker/Docker) must be lowercase",
    ),
    bad("-docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("-docker/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("-docker.io/docker/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("docker///docker", "invalid_format", MSG_INVALID_FORMAT),
    bad(
        "docker.io/docker/Docker",
        "uppercase",
        "invalid reference format: repository name (docker/Docker) must be lowercase",
    ),
    bad("docker.io/docker///docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fc00::1]", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fc00::1]:5000", "invalid_format", MSG_INVALID_FORMAT),
    bad("fc00::1:5000/debian", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fe80::1%eth0]:5000/debian", "invalid_format", MSG_INVALID_FORMAT),
    bad("[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid_format", MSG_INVALID_FORMAT),
    bad(
        HEX64,
        "hex_identifier",
        f"invalid repository name ({HEX64}), cannot specify 64-byte hexadecimal strings",
    ),
    # TestValidateRemoteName: invalid names
    bad("docker-/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("-docker-/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("____/____", "invalid_format", MSG_INVALID_FORMAT),
    bad("_docker/_docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("dock..er/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("dock_.er/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("dock-.er/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("docker/", "invalid_format", MSG_INVALID_FORMAT),
    bad(LONG_NS + "/docker", "name_too_long", MSG_NAME_TOO_LONG),
    bad("-foo", "invalid_format", MSG_INVALID_FORMAT),
    # reference_test.go TestReferenceParse, normalised
    bad("", "invalid_format", MSG_INVALID_FORMAT),
    bad(":justtag", "invalid_format", MSG_INVALID_FORMAT),
    bad("@" + SHA256, "invalid_format", MSG_INVALID_FORMAT),
    bad("repo@sha256:" + "f" * 34, "digest_invalid", MSG_DIGEST_INVALID),
    bad("validname@invaliddigest:" + F64, "digest_unsupported", MSG_DIGEST_UNSUPPORTED),
    bad(
        "Uppercase:tag",
        "uppercase",
        "invalid reference format: repository name (library/Uppercase) must be lowercase",
    ),
    bad(
        "test:5000/Uppercase/lowercase:tag",
        "uppercase",
        "invalid reference format: repository name (Uppercase/lowercase) must be lowercase",
    ),
    bad("domain/" + "a" * 256 + ":tag", "name_too_long", MSG_NAME_TOO_LONG),
    bad("example.com/" + "a" * 256, "name_too_long", MSG_NAME_TOO_LONG),
    bad("aa/asdf$$^/aa", "invalid_format", MSG_INVALID_FORMAT),
    bad("[2001:db8::1]", "invalid_format", MSG_INVALID_FORMAT),
    bad("[2001:db8::1]:5000", "invalid_format", MSG_INVALID_FORMAT),
    bad("[2001:db8::1]:tag", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fe80::1%eth0]:5000/repo", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fe80::1%@invalidzone]:5000/repo", "invalid_format", MSG_INVALID_FORMAT),
    # regexp_test.go
    bad("registry.com:8080/myapp@sha256:badbadbadbad", "invalid_format", MSG_INVALID_FORMAT),
    bad("registry.com:8080/myapp:invalid~tag", "invalid_format", MSG_INVALID_FORMAT),
    bad("bad_hostname.com:8080/myapp:tag", "invalid_format", MSG_INVALID_FORMAT),
    bad("localhost:http/name@" + BE, "invalid_format", MSG_INVALID_FORMAT),
    bad("registry.com:8080/myapp@bad", "invalid_format", MSG_INVALID_FORMAT),
    bad("registry.com:8080/myapp@2bad", "invalid_format", MSG_INVALID_FORMAT),
    bad("test.com:http/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("-ab.com/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("ab-.com/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("ab.-com/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("ab.com-/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fd00:1:2::3]75050/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fd00:1:2::3]::75050/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fd00:1:2::3%eth0]:75050/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("fd00:1:2::3:75050/x", "invalid_format", MSG_INVALID_FORMAT),
    bad("[fd00123123123]/x", "invalid_format", MSG_INVALID_FORMAT),  # no ':', so not a host
    bad("a/a/a/a/", "invalid_format", MSG_INVALID_FORMAT),
    bad("a//a/a", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo.com/", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo.com:http/bar", "invalid_format", MSG_INVALID_FORMAT),
    bad("a^a", "invalid_format", MSG_INVALID_FORMAT),
    bad("a-/a/a/a", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo.com/a-/a/a", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo/bar-", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo/-bar", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo_bar.com:8080/app", "invalid_format", MSG_INVALID_FORMAT),
    bad("docker_/docker_", "invalid_format", MSG_INVALID_FORMAT),
    bad("example.com/__underscore/myimage", "invalid_format", MSG_INVALID_FORMAT),
    bad("example.com/..dots/myimage", "invalid_format", MSG_INVALID_FORMAT),
    bad("example.com/.dots/myimage", "invalid_format", MSG_INVALID_FORMAT),
    bad("example.com/nodouble..dots/myimage", "invalid_format", MSG_INVALID_FORMAT),
    bad("docker./docker", "invalid_format", MSG_INVALID_FORMAT),
    bad(".docker/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("do..cker/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad("do__cker:8080/docker", "invalid_format", MSG_INVALID_FORMAT),
    bad(
        "Foo/FarB",
        "uppercase",
        "invalid reference format: repository name (FarB) must be lowercase",
    ),
    bad(
        "7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C",
        "uppercase",
        "invalid reference format: repository name "
        "(library/7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C) "
        "must be lowercase",
    ),
    # length: 255 for the path, library/ included
    bad("a" * 248, "name_too_long", MSG_NAME_TOO_LONG),
    bad("b/" + "a" * 254, "name_too_long", MSG_NAME_TOO_LONG),
    # uppercase
    bad("Ubuntu", "uppercase"),
    bad("docker.io/Library/ubuntu", "uppercase"),
    bad("localhost:5000/Foo", "uppercase"),
    bad(
        "foo@SHA256:" + F64,  # the check runs up to the first ':', into the digest
        "uppercase",
        "invalid reference format: repository name (library/foo@SHA256) must be lowercase",
    ),
    bad("foo/\u212a", "uppercase"),  # Kelvin sign: lowercases to ASCII k
    bad("foo:\u0130", "uppercase", MSG_NAME_UPPERCASE),  # Parse's fallback, as in Go
    bad("foo:\u212a", "uppercase", MSG_NAME_UPPERCASE),
    # tags
    bad("foo:", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:" + "t" * 129, "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:.x", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:-x", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:v1+build", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:tag:other", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo:\u00e9", "invalid_format", MSG_INVALID_FORMAT),
    bad("example.com/foo:x/bar", "invalid_format", MSG_INVALID_FORMAT),
    # digests
    bad("foo@", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo@sha256:" + "f" * 31, "invalid_format", MSG_INVALID_FORMAT),
    bad("foo@sha256:" + "f" * 32, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@sha256:" + "f" * 63, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@sha256:" + "f" * 65, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@sha256:" + "F" * 64, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@sha384:" + F64, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@sha512:" + F64, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@md5:" + "f" * 32, "digest_unsupported", MSG_DIGEST_UNSUPPORTED),
    bad("foo@sha256+b64:" + F64, "digest_unsupported", MSG_DIGEST_UNSUPPORTED),
    bad("foo:t@Sha256:" + F64, "digest_invalid", MSG_DIGEST_INVALID),
    bad("foo@" + SHA256 + "@" + SHA256, "invalid_format", MSG_INVALID_FORMAT),
    bad("foo@sha256-" + F64, "invalid_format", MSG_INVALID_FORMAT),
    # stray characters and separators
    bad(" ubuntu", "invalid_format", MSG_INVALID_FORMAT),
    bad("ubuntu ", "invalid_format", MSG_INVALID_FORMAT),
    bad("ubuntu\n", "invalid_format", MSG_INVALID_FORMAT),
    bad(HEX64 + "\n", "invalid_format", MSG_INVALID_FORMAT),
    bad("ubu\x00ntu", "invalid_format", MSG_INVALID_FORMAT),
    bad("/ubuntu", "invalid_format", MSG_INVALID_FORMAT),
    bad("ubuntu/", "invalid_format", MSG_INVALID_FORMAT),
    bad("localhost:5000/", "invalid_format", MSG_INVALID_FORMAT),
    bad("a:b/c", "invalid_format", MSG_INVALID_FORMAT),
    bad("caf\u00e9/app", "invalid_format", MSG_INVALID_FORMAT),
    bad("\U0001f433.com/app", "invalid_format", MSG_INVALID_FORMAT),
    bad("foo/ba r", "invalid_format", MSG_INVALID_FORMAT),
]


@pytest.mark.parametrize(("ref", "expected"), VALID)
def test_valid(ref: str, expected: tuple[str, ...]) -> None:
    canonical, familiar, domain, path, tag, digest = expected
    r = parse(ref)
    assert (r.canonical, r.familiar, r.domain, r.path, r.tag, r.digest) == expected
    assert r.name == (f"{domain}/{path}" if domain else path)
    assert str(r) == canonical
    info = explain(ref)
    assert info["valid"] is True and info["error"] is None
    assert (info["canonical"], info["familiar"]) == (canonical, familiar)
    assert info["notes"]


@pytest.mark.parametrize(("ref", "expected"), INVALID)
def test_invalid(ref: str, expected: tuple[str, str | None]) -> None:
    code, message = expected
    with pytest.raises(ReferenceError) as caught:
        parse(ref)
    assert caught.value.code == code
    if message is not None:
        assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)
    info = explain(ref)
    assert info["valid"] is False
    assert info["error"] == str(caught.value)
    assert info["notes"] and all(isinstance(n, str) and n for n in info["notes"])


def test_table_size() -> None:
    assert len(VALID) + len(INVALID) >= 120


# --- explain ------------------------------------------------------------------------

KEYS = {
    "input",
    "valid",
    "canonical",
    "familiar",
    "domain",
    "path",
    "tag",
    "digest",
    "error",
    "notes",
}


def test_explain_shape_valid() -> None:
    info = explain("ubuntu")
    assert set(info) == KEYS
    assert info == {
        "input": "ubuntu",
        "valid": True,
        "canonical": "docker.io/library/ubuntu:latest",
        "familiar": "ubuntu",
        "domain": "docker.io",
        "path": "library/ubuntu",
        "tag": None,
        "digest": None,
        "error": None,
        "notes": info["notes"],
    }
    notes = " ".join(info["notes"])
    assert "Docker Hub (docker.io)" in notes
    assert "library/" in notes
    assert "latest" in notes
    json.dumps(info)


def test_explain_shape_invalid() -> None:
    info = explain("foo/Bar")
    assert set(info) == KEYS
    assert info["valid"] is False
    assert info["error"] == "invalid reference format: repository name (foo/Bar) must be lowercase"
    for key in ("canonical", "familiar", "domain", "path", "tag", "digest"):
        assert info[key] is None
    assert "lowercase" in " ".join(info["notes"])


def notes_of(ref: str) -> str:
    return " ".join(explain(ref)["notes"])


def test_note_registry_host_by_colon() -> None:
    assert "localhost:5000 is read as a registry host because it contains ':'" in notes_of(
        "localhost:5000/app"
    )
    assert "port 5000" in notes_of("localhost:5000/app")


def test_note_localhost_port_without_slash() -> None:
    info = explain("localhost:5000")
    assert info["valid"] is True
    assert (info["domain"], info["path"], info["tag"]) == ("docker.io", "library/localhost", "5000")
    notes = " ".join(info["notes"])
    assert "tag 5000" in notes and "localhost:5000/<name>" in notes


def test_note_tag_and_digest() -> None:
    info = explain("busybox:1.36@" + BUSYBOX)
    assert info["canonical"] == "docker.io/library/busybox:1.36@" + BUSYBOX
    assert "pulls by the digest" in " ".join(info["notes"])


def test_note_digest_only_and_tag_only() -> None:
    assert "pins the exact manifest" in notes_of("busybox@" + BUSYBOX)
    assert "movable" in notes_of("busybox:1.36")
    assert "latest is used" not in notes_of("busybox:1.36")


def test_note_legacy_index_and_namespace() -> None:
    assert "index.docker.io" in notes_of("index.docker.io/foo/bar")
    assert "namespace" in notes_of("foo/bar")
    assert "library/" not in notes_of("foo/bar")
    assert "library/" not in notes_of("docker.io/library/foo")


def test_note_other_rules() -> None:
    assert "uppercase" in notes_of("Foo/bar")
    assert "IPv6" in notes_of("[::1]:5000/repo")
    assert "not a digest" in notes_of("sha256:" + F64)
    assert "no registry host" in notes_of("my_registry.local/app")
    assert "image ID" in notes_of(HEX64)
    assert "empty" in notes_of("")
    assert "URL" in notes_of("https://registry.example.com/app")
    assert "tag" in notes_of("foo:-x")
    assert "digest" in notes_of("foo@sha256:abc")
    assert "digest" in notes_of("foo@sha256:" + "f" * 40)
    assert "sha256, sha384 or sha512" in notes_of("foo@md5:" + "f" * 32)
    assert "255" in notes_of("a" * 300)
    assert "empty component" in notes_of("a//b")
    assert "registry host" in notes_of("bad_host.com:80/x")
    assert "registry host" in notes_of("[::1]:5000")
    assert "path component" in notes_of("foo/-bar")
    assert "digest algorithm" in notes_of("foo@SHA256:" + F64)
    assert "control" in notes_of("foo\tbar")
    assert "non-ASCII" in notes_of("caf\u00e9")
    assert "'@'" in notes_of("a@b@c")


# --- API details ------------------------------------------------------------------


def test_reference_is_frozen_and_hashable() -> None:
    r = parse("ubuntu:22.04")
    assert r == Reference("docker.io", "library/ubuntu", "22.04", None)
    assert hash(r) == hash(Reference("docker.io", "library/ubuntu", "22.04"))
    with pytest.raises(AttributeError):
        r.tag = "x"  # type: ignore[misc]


def test_familiar_of_hub_and_other_registries() -> None:
    assert parse("docker.io/library/foo/bar").familiar == "library/foo/bar"
    assert parse("ghcr.io/library/foo").familiar == "ghcr.io/library/foo"
    assert parse("redis@" + DBCC).familiar == "redis@" + DBCC


def test_familiar_is_ambiguous_upstream() -> None:
    # FamiliarString drops docker.io even when the first path component would then
    # read as a host: Docker shows "localhost/foo" for docker.io/localhost/foo.
    for ref, familiar in [
        ("docker.io/localhost/foo", "localhost/foo"),
        ("docker.io/a.b/c", "a.b/c"),
    ]:
        r = parse(ref)
        assert r.familiar == familiar
        assert parse(r.familiar).canonical != r.canonical


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse(b"ubuntu")  # type: ignore[arg-type]


def test_huge_inputs_are_fast_and_total() -> None:
    for text in ("a-" * 200_000 + "!", "a." * 200_000 + "a/b", "[" + ":" * 200_000, "A" * 400_000):
        info = explain(text)
        assert isinstance(info["valid"], bool)


def test_import_is_cheap() -> None:
    import subprocess
    import sys

    heavy = ("pydantic", "textual", "yaml")
    code = f"import sys, advisor.learn.reference; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- properties ---------------------------------------------------------------------

alnum = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
separator = st.sampled_from([".", "_", "__", "-", "--", "---"])


@st.composite
def path_components(draw: st.DrawFn) -> str:
    parts = [draw(alnum)]
    for _ in range(draw(st.integers(0, 2))):
        parts += [draw(separator), draw(alnum)]
    return "".join(parts)


label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?", fullmatch=True)
port = st.integers(0, 99999).map(str)
hosts = st.one_of(
    st.none(),  # no host: Docker Hub
    st.sampled_from(["docker.io", "index.docker.io", "localhost"]),
    st.builds(lambda a, b: f"{a}.{b}", label, label),
    st.builds(lambda a, b, c: f"{a}.{b}.{c}", label, label, label),
    st.builds(lambda a, p: f"{a}:{p}", st.one_of(label, st.just("localhost")), port),
    st.builds(lambda *o: "{}.{}.{}.{}".format(*o), *[st.integers(0, 255)] * 4),
    st.from_regex(r"\[[0-9a-fA-F]{0,4}:[0-9a-fA-F:]{0,34}\](:[0-9]{1,5})?", fullmatch=True),
    st.from_regex(r"[A-Z][a-zA-Z0-9]{0,6}", fullmatch=True),  # uppercase: a host
)
tags = st.one_of(st.none(), st.from_regex(r"[\w][\w.-]{0,20}", fullmatch=True).filter(str.isascii))
digests = st.one_of(
    st.none(),
    st.sampled_from([("sha256", 64), ("sha384", 96), ("sha512", 128)]).flatmap(
        lambda a: st.text("0123456789abcdef", min_size=a[1], max_size=a[1]).map(
            lambda hexdigits, alg=a[0]: f"{alg}:{hexdigits}"
        )
    ),
)


@st.composite
def valid_references(draw: st.DrawFn) -> str:
    host = draw(hosts)
    path = "/".join(draw(st.lists(path_components(), min_size=1, max_size=4)))
    tag, digest = draw(tags), draw(digests)
    text = f"{host}/{path}" if host is not None else path
    if tag is not None:
        text += f":{tag}"
    if digest is not None:
        text += f"@{digest}"
    return text


def _hub_path_reads_as_host(r: Reference) -> bool:
    """The upstream ambiguity of FamiliarString (see test_familiar_is_ambiguous_upstream)."""
    first, slash, _ = r.familiar.partition("/")
    return r.domain == "docker.io" and bool(slash) and ("." in first or first == "localhost")


@settings(max_examples=400)
@given(valid_references())
def test_property_familiar_round_trips(text: str) -> None:
    r = parse(text)
    assume(not _hub_path_reads_as_host(r))
    again = parse(r.familiar)
    assert again.canonical == r.canonical
    assert again == r


@settings(max_examples=300)
@given(valid_references())
def test_property_canonical_is_a_fixed_point(text: str) -> None:
    r = parse(text)
    again = parse(r.canonical)
    assert again.canonical == r.canonical
    default_tag = "latest" if r.tag is None and r.digest is None else r.tag
    assert again == r._replace(tag=default_tag)


def _check_total(text: str) -> None:
    info = explain(text)
    assert set(info) == KEYS
    assert isinstance(info["valid"], bool)
    assert info["input"] == text
    assert all(isinstance(n, str) for n in info["notes"])
    try:
        r = parse(text)
    except ReferenceError as err:
        assert info["valid"] is False and info["error"] == str(err)
    else:
        assert info["valid"] is True and info["canonical"] == r.canonical
    json.dumps(info)


@settings(max_examples=500)
@given(st.text())
def test_property_total_on_any_text(text: str) -> None:
    _check_total(text)


@settings(max_examples=500)
@given(st.text("abcAB019._-/:@[]%$ \n\u0130\u212a", max_size=40))
def test_property_total_on_reference_like_text(text: str) -> None:
    _check_total(text)


@settings(max_examples=300)
@given(valid_references(), st.integers(0, 200), st.sampled_from(list("/:@.-_A[]% é")))
def test_property_total_on_mutated_references(text: str, where: int, char: str) -> None:
    where %= len(text) + 1
    _check_total(text[:where] + char + text[where:])
    _check_total(text[:where] + text[where + 1 :])
