"""From a decision to a running registry: setup bundles (configs, CI snippets, numbered
steps) and the secrets they need."""
