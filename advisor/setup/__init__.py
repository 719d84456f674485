"""From a decision to a running registry: setup bundles (configs, CI snippets, numbered
steps) and the secrets they need.

host.py (HOST[:PORT] parsing), plan.py (profiles, Plan, make_plan), recipes.py and
models.py (data/setup loaded through the loader pipeline), emit.py (config files through
PyYAML, json, tomli-w), ci.py (GitHub Actions, GitLab CI, Jenkins, push script),
readme.py (rendering recipe steps, for the README and the report's guide), bundle.py
(build_bundle), secrets.py (CA, certificate, htpasswd).
"""
