"""Registry Advisor: choose, set up and learn container registries."""

__version__ = "0.1.0"
