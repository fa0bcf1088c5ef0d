"""registry-doctor: why a codespace cannot pull its dev container image, and what to change."""

__version__ = "0.3.0"
