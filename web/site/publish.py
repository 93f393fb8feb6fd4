"""Writing a site atomically: build beside the target, swap at the end, keep the old one on failure.

The files go into a fresh folder next to the output (same file system,
so renames are cheap and atomic), which replaces the previous site only
when every file was written; any error before that removes the new folder
and leaves the old site as it was. The swap itself is two renames (old
out of the way, new in); the links file, kept outside the site because
its links are secrets, is staged the same way and renamed into place
right after the swap. Its mode is 0600 (``tempfile.mkstemp``).

The output folder must be empty, missing, or a site this command built
(it carries ``MARKER``), so a mistyped ``--out`` can never wipe a folder
of other files.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

MARKER = ".planner-site"
MARKER_TEXT = "Built by `planner build`; the next build replaces this whole folder.\n"


class SiteError(Exception):
    """The site cannot be written where asked (nothing was changed)."""


def links_path(out: Path) -> Path:
    """Where the links of a site at ``out`` are written: beside it, never inside."""
    return out.with_name(f"{out.name}-links.txt")


def check_target(out: Path) -> None:
    """Refuse an output that is a file, or a non-empty folder this command did not build."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file; --out must be a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} is not empty and was not built by `planner build`; choose another --out")


def write_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    """Every file under ``folder`` (paths inside the site, with ``/``), and the marker."""
    for path, data in files.items():
        target = folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def swap(staged: Path, out: Path) -> None:
    """Put ``staged`` where ``out`` is; the old folder is deleted only once the new one is in place."""
    if not out.exists():
        os.rename(staged, out)
        return
    retired = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    os.rename(out, retired)
    try:
        os.rename(staged, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def stage_text(target: Path, text: str) -> Path:
    """``text`` in a new temporary sibling of ``target`` (mode 0600), to be renamed into place."""
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    return Path(temp)


def publish(files: Mapping[str, bytes], out: Path, links_text: str) -> Path:
    """Write the site to ``out`` and its links beside it, all or nothing; returns the links file."""
    out = out.absolute()
    check_target(out)
    links = links_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staged_links: Path | None = None
    try:
        write_tree(staged, files)
        staged.chmod(0o755)  # mkdtemp makes it 0700; a web server running as another user must read it
        staged_links = stage_text(links, links_text)
        swap(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        if staged_links is not None:
            staged_links.unlink(missing_ok=True)
        raise
    os.replace(staged_links, links)
    return links
