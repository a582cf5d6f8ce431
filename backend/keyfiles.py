"""Keys and certificates: development ones made once on disk, and production ones read from settings."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def made_once(directory: Path, names: tuple[str, ...], make: Callable[[Path], None]) -> tuple[Path, ...]:
    """The files `names` in `directory`, written by `make` the first time. `make` writes into a scratch folder that
    is moved into place whole, so processes starting at once agree on one set (never one's key with another's
    certificate)."""
    paths = tuple(directory / name for name in names)
    if all(p.is_file() for p in paths):
        return paths
    directory.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        make(scratch)
        try:
            os.rename(scratch, directory)
        except OSError:
            # Another process got there first (or an empty folder exists): keep a complete set.
            if not all(p.is_file() for p in paths):
                directory.mkdir(parents=True, exist_ok=True)
                for path in paths:
                    os.replace(scratch / path.name, path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return paths


def pem_value(value: str) -> bytes:
    """PEM given in a setting: environment files often carry it on one line with literal "\\n"."""
    return value.replace("\\n", "\n").encode()


def pem_setting(setting: str) -> bytes:
    """A setting holding either PEM itself or a file's path."""
    return pem_value(setting) if setting.lstrip().startswith("-----BEGIN") else Path(setting).read_bytes()
