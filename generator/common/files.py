"""Writing files so that a crash never leaves a half-written one behind."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

#: Flushes waited for at once: the kernel commits concurrent flushes to disk together.
FLUSH_THREADS = 8


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Readers see either the old file or the complete new one, never a part.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
        _sync_folder(path.parent)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def atomic_write_many(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files as ``atomic_write`` does, but wait for the disk once for them all, not per file.

    Every file goes to a temporary name first; then all are flushed together,
    renamed into place, and each folder is flushed once. When this returns,
    every file is on disk under its final name. If it raises, no temporary
    file is left, and a file already renamed is complete.
    """
    if len(files) <= 1:
        for path, data in files:
            atomic_write(path, data)
        return
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temp_name, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        with ThreadPoolExecutor(FLUSH_THREADS) as pool:
            list(pool.map(_sync_file, [temp_name for temp_name, _ in staged]))
            for temp_name, path in staged:
                os.replace(temp_name, path)
            list(pool.map(_sync_folder, {path.parent for _, path in staged}))
    except BaseException:
        for temp_name, _ in staged:  # those already renamed are gone from here, and complete
            Path(temp_name).unlink(missing_ok=True)
        raise


def _sync_file(name: str) -> None:
    descriptor = os.open(name, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry so the rename itself survives a power cut (POSIX only)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class FolderWriter:
    """Writes files into a folder being assembled, remembering each file's SHA-256 for a manifest."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.files: dict[str, str] = {}

    def write(self, relative: str, data: bytes) -> None:
        """Write ``data`` at ``relative`` (a POSIX path inside the folder) and note its hash."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[relative] = hashlib.sha256(data).hexdigest()


@contextmanager
def staged_folder(final: Path) -> Iterator[FolderWriter]:
    """Assemble a folder beside ``final`` and swap it into place only if the block finishes.

    On any error the half-made folder is removed and ``final`` is left as it
    was; on success an earlier ``final`` is replaced whole.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    try:
        yield FolderWriter(staging)
        if final.exists():
            retired = final.with_name(f".{final.name}.old-{os.getpid()}")
            os.replace(final, retired)
            os.replace(staging, final)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
