"""Registries: the daemon-less probe, its findings, the Docker daemon paths, anonymous access,
which set covers which image, and image references that cannot be what was meant."""
