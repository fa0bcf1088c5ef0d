"""The workspace: the dev container files as the dev containers CLI, BuildKit and Compose read
them (JSONC, devcontainer.json, Dockerfiles, Compose files, Feature ids, image references).

Imports no other wing and no step; plain data out.
"""
