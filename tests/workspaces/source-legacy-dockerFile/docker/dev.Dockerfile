ARG FLAVOR=full
FROM ghcr.io/acme/base:${FLAVOR} AS dev
FROM ghcr.io/acme/release:1 AS release
