"""``kmslint cache``: see how big the cache is, or empty it.

Kept light: it imports no parser and reads no template.
"""

from __future__ import annotations

import click


@click.group()
def cache() -> None:
    """The parse and prefilter cache in $KMSLINT_CACHE_DIR (default ~/.cache/kmslint).

    It is bounded by KMSLINT_CACHE_MAX_MB (default 256): past it, the least recently used
    entries are removed.
    """


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


@cache.command()
def info() -> None:
    """Print where the cache is, its size and its limit."""
    from kmslint.cachedir import configured_cache_root
    from kmslint.cachesize import entries, limit_bytes

    root = configured_cache_root()
    found = entries(root)
    click.echo(f"cache: {root}")
    click.echo(f"size: {_mib(sum(e.size for e in found))} in {len(found)} files")
    click.echo(f"limit: {_mib(limit_bytes())} (KMSLINT_CACHE_MAX_MB)")


@cache.command()
def clean() -> None:
    """Remove every cached entry (kmslint rebuilds them as it needs them)."""
    from kmslint.cachedir import configured_cache_root
    from kmslint.cachesize import clean as clean_cache

    root = configured_cache_root()
    removed, freed = clean_cache(root)
    click.echo(f"removed {removed} files ({_mib(freed)}) from {root}")
