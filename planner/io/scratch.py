"""Scratch files beside an output: written first, renamed into place, cleaned up if abandoned.

Every file the planner writes appears whole or not at all, so it is
written under a hidden scratch name in the same folder and renamed. A
process killed in between (kill -9, a power cut) cannot remove its scratch
file; the next write to the same target does, once the file is older than
any write takes (``STALE_AFTER``), so another process's write in progress
is never touched. Scratch files are created with mode 0666 less the umask,
like any file the user makes, and the rename keeps that mode.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from pathlib import Path

#: A write takes well under a second; a scratch file this old was abandoned.
STALE_AFTER = 600.0


def scratch_path(target: Path) -> Path:
    """A hidden name beside ``target``, unique per call: ``.<name>.<pid>-<random>.tmp``."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


def write_scratch(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new scratch file beside ``target`` (mode from the umask) and return its path."""
    scratch = scratch_path(target)
    handle = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return scratch


def remove_stale_scratch(target: Path, now: float | None = None) -> None:
    """Remove scratch files and folders of ``target`` left by writes that were killed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.\d+-[0-9a-f]{{8}}\.tmp")
    cutoff = (time.time() if now is None else now) - STALE_AFTER
    try:
        candidates = [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return
    for path in candidates:
        try:
            if path.lstat().st_mtime >= cutoff:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            continue
