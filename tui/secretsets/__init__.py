"""Secret sets: the `<*>_CONTAINER_REGISTRY_*` name pattern and its near misses, what a SERVER
value names, offline checks of the values, and the `gh` commands that fix them."""
