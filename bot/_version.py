"""The version, in one place (the package, its caches and `bot --version` read it)."""

__version__ = "0.1.0"
