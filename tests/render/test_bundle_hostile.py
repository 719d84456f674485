"""Setup bundles against hostile input and run for real: names with line breaks, users
with quotes and $(...), hosts with zone ids; the README's own openssl commands.

Generated files must be built by emitters, never by pasted text: a name stays in comment
lines, a user is one shell word, YAML holds exactly the keys we build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml
from cryptography import x509
from test_bundle import assert_every_file_parses, plan, text

from advisor.errors import UsageError
from advisor.setup import bundle


def _code_blocks(markdown: str) -> list[str]:
    """The contents of fenced code blocks (indented in list items), dedented."""
    blocks = re.findall(r"^( *)(`{3,})[a-z]*\n(.*?)^\1\2$", markdown, flags=re.M | re.S)
    return [
        "\n".join(line[len(pad) :] for line in body.rstrip("\n").split("\n"))
        for pad, _fence, body in blocks
    ]


@pytest.mark.parametrize(("host", "kind"), [("10.0.0.5:5000", "ip"), ("registry.lan", "dns")])
def test_readme_openssl_commands_make_a_certificate_for_the_host(tmp_path, host, kind) -> None:
    """The README's own commands, run by bash, give a server certificate naming the host."""
    if shutil.which("openssl") is None or shutil.which("bash") is None:
        pytest.skip("openssl and bash are needed")
    readme = text(bundle.build_bundle(plan("private", "distribution", host)), "README.md")
    (block,) = [b for b in _code_blocks(readme) if "openssl req -x509" in b]
    script = block.split("chmod 600 certs/*.key")[0] + "chmod 600 certs/*.key\n"
    subprocess.run(["bash", "-euc", script], cwd=tmp_path, check=True, capture_output=True)
    cert = x509.load_pem_x509_certificate((tmp_path / "certs" / "domain.crt").read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    name = host.split(":")[0]
    if kind == "ip":
        assert [str(i) for i in san.get_values_for_type(x509.IPAddress)] == [name]
    else:
        assert san.get_values_for_type(x509.DNSName) == [name]
    assert "httpd:2 -niB -C 10" in readme  # bcrypt, password from stdin


# --- hostile input: names and users cannot run in generated files ----------------------------

EVIL_NAMES = [
    "Evil\nrm -rf / #",
    "Evil\r\nrm -rf / #",
    "Evil\u2028rm -rf / #",
    "Evil\x85rm -rf / #",
    "Evil'; rm -rf / #",
    'Evil"; rm -rf / #',
    "Evil $(rm -rf /) `rm -rf /`",
]
EVIL_USERS = [
    "$(touch${IFS}pwned)",
    "a```b",
    "`touch${IFS}pwned`",
    "a'b",
    'a"b',
    "x;touch${IFS}pwned",
]


def _evil_profile(name: str, *, saas: bool = True) -> bundle.Profile:
    return bundle.Profile(
        id="evil", name=name, saas=saas, self_hostable=not saas, docs="", login_confirmed=False,
        from_catalog=True,
    )  # fmt: skip


def _runnable_lines(path: str, content: str) -> list[str]:
    """Lines that are not comments in the file's own syntax."""
    mark = "//" if path.endswith("Jenkinsfile") else "#"
    return [line for line in content.splitlines() if not line.lstrip().startswith(mark)]


@pytest.mark.parametrize("name", EVIL_NAMES)
@pytest.mark.parametrize("ci", bundle.CI_CHOICES)
def test_a_registry_name_with_line_breaks_stays_in_comments(name, ci) -> None:
    """A catalog name is printed in comment lines only; no part of it reaches a line that
    runs, and the YAML files hold exactly the keys we build."""
    for setup, host in (("private", None), ("insecure", "evil.lan:5000")):
        profile = _evil_profile(name, saas=host is None)
        p = bundle.make_plan(setup=setup, profile=profile, host=host, ci=ci)
        files = bundle.build_bundle(p)
        assert_every_file_parses(files)
        for path, (content, _mode) in files.items():
            if isinstance(content, bytes) or path == "README.md":
                continue
            for line in _runnable_lines(path, content):
                assert "rm -rf" not in line, (path, line)
            if path.endswith((".yml", ".yaml")):
                data = yaml.safe_load(content)
                assert "rm -rf" not in json.dumps(data), path
                if path == "ci/github-actions.yml":
                    assert set(data) == {"name", "on", "permissions", "jobs"}
                if path == "ci/gitlab-ci.yml":
                    assert set(data) == {"push-image"}
        readme = text(files, "README.md")
        assert not any(line.startswith("rm -rf") for line in readme.splitlines())
        if ci in ("other", "none"):
            script = text(files, "ci/push.sh")
            subprocess.run(["sh", "-n"], input=script, text=True, check=True)


def test_a_catalog_name_is_one_line_in_the_profile() -> None:
    entry = type("Entry", (), {"name": "Evil\nrm -rf /", "homepage": "javascript:alert(1)",
                               "attributes": None})()  # fmt: skip
    profile = bundle.profile_for("evil", entry)
    assert profile.name == "Evil rm -rf /" and profile.docs == ""


def _console_blocks(markdown: str) -> list[str]:
    blocks = re.findall(r"^( *)(`{3,})console\n(.*?)^\1\2$", markdown, flags=re.M | re.S)
    return [
        "\n".join(line[len(pad) :] for line in body.rstrip("\n").split("\n"))
        for pad, _f, body in blocks
    ]


@pytest.mark.parametrize("user", EVIL_USERS)
def test_a_hostile_user_is_one_quoted_word_in_every_readme_shell_line(tmp_path, user) -> None:
    """--user may hold quotes, $(...) and backticks: every README shell block still parses
    (`bash -n`), the user is exactly one word there, and running the login line through bash
    with a stand-in `docker` runs nothing else."""
    import shlex

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is needed")
    cases = (
        ("distribution", "registry.lan"),
        ("dockerhub", None),
        ("harbor", "h.lan"),
        ("jfrog", "art.lan"),
    )
    for registry, host in cases:
        p = plan("private", registry, host, user=user)
        readme = text(bundle.build_bundle(p), "README.md")
        blocks = _console_blocks(readme)
        assert blocks
        seen = 0
        for block in blocks:
            subprocess.run([bash, "-n"], input=block, text=True, check=True)
            joined = block.replace("\\\n", " ")
            for line in joined.splitlines():
                if not line.lstrip().startswith("#") and shlex.quote(user) in line:
                    words = shlex.split(line, comments=True)
                    # The user is a word of its own, or the start of one (`USER/app:1.0`).
                    assert any(w == user or w.startswith(user + "/") for w in words), line
                    seen += 1
        assert seen, registry
    # Run the login line with a `docker` that only records its arguments.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "docker").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\n')
    (fake / "docker").chmod(0o755)
    readme = text(bundle.build_bundle(plan("private", "distribution", "registry.lan", user=user)),
                  "README.md")  # fmt: skip
    login = next(
        line for b in _console_blocks(readme) for line in b.splitlines()
        if line.startswith("docker login")
    )  # fmt: skip
    (tmp_path / "password-file").write_text("pw\n")
    env = dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}", ARGS_FILE=str(tmp_path / "args"))
    subprocess.run([bash, "-c", login], cwd=tmp_path, env=env, check=True)
    args = (tmp_path / "args").read_text().splitlines()
    assert args == ["login", "registry.lan:5000", "-u", user, "--password-stdin"]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("given", "needle"),
    [
        ("[fe80::1%eth0]:5000", "zone id"),
        ("[fe80::1%$(id)]:5000", "zone id"),
        ("registry.lan:５０００", "1 to 65535"),
        ("registry.lan:5000\nx", "1 to 65535"),
        ("regi\x1bstry.lan", "not a valid host name"),
    ],
)
def test_parse_host_refuses_hostile_hosts_without_echoing_control_characters(given, needle):
    with pytest.raises(UsageError, match=re.escape(needle)) as exc:
        bundle.parse_host(given)
    assert not re.search(r"[\x00-\x1f\x7f]", str(exc.value))


def test_groovy_strings_hold_exactly_their_text() -> None:
    from advisor.setup.ci import groovy_string

    assert groovy_string("a'b\\c\n$x") == "'a\\'b\\\\c\\n$x'"
