"""Writing the roster's files all together or not at all.

``roster.csv`` (UTF-8 with BOM so Excel opens Chinese correctly) and the
XLSX grid go to temporary siblings first and are renamed into place only
when both were written, so a failure never leaves one without the other.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: temporary siblings first, then renames."""
    staged: list[tuple[Path, str]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((target, temp))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
    except BaseException:
        for _, temp in staged:
            Path(temp).unlink(missing_ok=True)
        raise
    for target, temp in staged:
        os.replace(temp, target)
