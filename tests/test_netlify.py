"""netlify.toml: the build runs `planner build` into the published folder, /api/* is proxied, headers are strict.

``headers_for`` applies the file's [[headers]] rules the way Netlify does (every matching rule, a header
set by several joined with ", "); the browser tests serve the built site with it. Where npm can reach
the registry, Netlify's own config resolver (@netlify/config) must read the file the same way.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import tempfile
import tomllib
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from planner_cli.build import add_parser
from web.security import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[1]
NETLIFY_TOML = ROOT / "netlify.toml"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
#: Paths of every kind the site serves: pages (also without .html, as Netlify serves them), plan data, assets.
SITE_PATHS = [
    "/",
    "/index.html",
    "/org.html",
    "/d/2026-11-23/index.html",
    "/d/2026-11-23/t/T01.html",
    "/d/2026-11-23/t/T01",
    "/en/d/2026-11-23/t/T01.html",
    "/d/2026-11-23/plan.json",
    "/d/2026-11-23/roster.csv",
    "/static/js/unlock.js",
    "/favicon.ico",
]
NETLIFY_CONFIG_DIR = Path(tempfile.gettempdir()) / "planner-netlify-config"
RESOLVE_SCRIPT = """
import { resolveConfig } from '@netlify/config'
const [config, root] = process.argv.slice(2)
const { config: resolved } = await resolveConfig({ config, repositoryRoot: root, cwd: root, offline: true,
                                                   context: 'production', mode: 'cli' })
console.log(JSON.stringify(resolved))
"""


def netlify() -> dict[str, Any]:
    """netlify.toml as data."""
    return tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))


def path_pattern(rule: str) -> re.Pattern[str]:
    """A Netlify path rule as a regular expression: ``*`` matches anything, ``:name`` one segment."""
    parts = re.split(r"(\*|:[A-Za-z_]+)", rule)
    return re.compile("".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts))


def headers_for(path: str, config: dict[str, Any] | None = None) -> Message:
    """The headers Netlify adds to ``path``: all matching rules, repeated names joined with ", "."""
    joined: dict[str, list[str]] = {}
    for rule in (config or netlify()).get("headers", []):
        if path_pattern(rule["for"]).fullmatch(path):
            for name, value in rule["values"].items():
                joined.setdefault(name, []).append(" ".join(str(value).split()))
    headers = Message()
    for name, values in joined.items():
        headers[name] = ", ".join(values)
    return headers


def build_command() -> list[str]:
    """The `planner build ...` part of the build command, as words."""
    command = netlify()["build"]["command"]
    step = next(part for part in command.split("&&") if "planner build" in part)
    return shlex.split(step)


def test_build_installs_the_project_and_builds_the_published_folder() -> None:
    """The command installs the project, then runs a `planner build` our CLI accepts into `publish`, on Python 3.11."""
    config = netlify()
    command = config["build"]["command"]
    assert re.search(r"pip install (--quiet )?\.(\s|$)", command), command
    words = build_command()
    assert words[:2] == ["planner", "build"]
    top = argparse.ArgumentParser(prog="planner")
    add_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(words[1:])
    assert Path(args.out) == Path(config["build"]["publish"]) == Path("site")
    assert args.hide_links, "a build log must not carry the technicians' links"
    assert args.dataset.endswith("data/sample}") and (ROOT / "data" / "sample").is_dir()
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert "PLANNER_SITE_SECRET" not in config["build"]["environment"], "the secret belongs in Netlify's settings"


def test_api_is_proxied_with_status_200() -> None:
    """/api/* goes to the API service as a forced 200 rewrite (a proxy), keeping the path after /api/."""
    rules = [r for r in netlify().get("redirects", []) if r["from"] == "/api/*"]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["status"] == 200 and rule["force"] is True
    assert rule["to"].startswith("https://") and rule["to"].endswith("/api/:splat")


@pytest.mark.parametrize("path", SITE_PATHS)
def test_every_path_gets_security_headers_and_no_store(path: str) -> None:
    """CSP (the app's own), nosniff, no referrer, no framing and exactly one no-store, on every kind of path."""
    headers = headers_for(path)
    assert headers["Content-Security-Policy"] == CSP == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def netlify_config_tool() -> Path:
    """A folder with @netlify/config installed by npm (once per machine), or skip saying why not."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        pytest.skip("npm/node not installed: Netlify's own resolver cannot run here")
    if not (NETLIFY_CONFIG_DIR / "node_modules" / "@netlify" / "config").is_dir():
        NETLIFY_CONFIG_DIR.mkdir(parents=True, exist_ok=True)
        try:
            result = subprocess.run(
                [npm, "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "@netlify/config"],
                cwd=NETLIFY_CONFIG_DIR,
                capture_output=True,
                text=True,
                timeout=180,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("npm install @netlify/config took over 180 s (registry unreachable?)")
        if result.returncode != 0:
            pytest.skip(f"npm install @netlify/config failed (registry unreachable?): {result.stderr.strip()[-300:]}")
    (NETLIFY_CONFIG_DIR / "resolve.mjs").write_text(RESOLVE_SCRIPT, encoding="utf-8")
    return NETLIFY_CONFIG_DIR


def test_netlifys_own_resolver_reads_the_file_the_same_way() -> None:
    """@netlify/config (offline) accepts netlify.toml and resolves the same build, proxy rule and headers."""
    tool = netlify_config_tool()
    result = subprocess.run(
        ["node", "resolve.mjs", str(NETLIFY_TOML), str(ROOT)], cwd=tool, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)
    config = netlify()
    assert resolved["build"]["command"] == config["build"]["command"]
    assert Path(resolved["build"]["publish"]) == ROOT / config["build"]["publish"]
    assert resolved["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    [api] = [r for r in resolved["redirects"] if r["from"] == "/api/*"]
    assert (api["to"], api["status"], api["force"]) == (config["redirects"][0]["to"], 200, True)
    for path in SITE_PATHS:
        assert dict(headers_for(path, resolved).items()) == dict(headers_for(path).items()), path
