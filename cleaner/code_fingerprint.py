"""A digest of cleaner's own code: what a stored result was computed with.

The persistent index keeps extracts cleaned by the rules of the run that made them. A
rule that changes without a new version number (a development checkout, a patched
install) would otherwise mix old and new extracts in one run's results, silently. The
digest covers every module of the package, not a list of the rule modules: a module added
later cannot be forgotten, and a change outside the rules costs one rebuild, not a wrong
result."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable


def _modules(folder: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for entry in folder.iterdir():
        name = prefix + entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_modules(entry, name + "/"))
        elif entry.name.endswith(".py"):
            found.append((name, entry.read_bytes()))
    return found


def fingerprint_of(folder: Traversable) -> str:
    """A short digest of the ``.py`` files below ``folder``: their paths and bytes."""
    digest = hashlib.blake2b(digest_size=8)
    for name, data in sorted(_modules(folder)):
        # Lengths first, so that no two different sets of files give the same stream.
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The digest of the installed ``cleaner`` package."""
    return fingerprint_of(resources.files("cleaner"))
