FROM ghcr.io/acme/tools:1
