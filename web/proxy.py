"""Where the browser really is: the configured public address, and proxy headers only when trusted.

Behind a reverse proxy the app sees plain ``http://`` from the proxy's
address, and anyone can send ``Host`` or ``X-Forwarded-*`` headers. So:

- ``PLANNER_PUBLIC_URL`` (e.g. ``https://planner.example.cn``) is the
  address technicians' links are built from; a request's ``Host`` never is
  when it is set, so a forged header cannot send a link's token elsewhere.
- ``PLANNER_TRUSTED_PROXIES`` (default 0) is how many proxies in front of
  the app set ``X-Forwarded-For/Proto/Host/Prefix``; only then are those
  headers believed (werkzeug's ``ProxyFix``), for the client's address
  (rate limits), the scheme (the Secure cookie) and the host.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Believe ``X-Forwarded-*`` from exactly PLANNER_TRUSTED_PROXIES proxies, none by default."""
    hops = int(app.config.get("PLANNER_TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )


def public_url_for(endpoint: str, **values: Any) -> str:
    """An absolute URL for people outside: from PLANNER_PUBLIC_URL when set, else from the request."""
    base = str(current_app.config.get("PLANNER_PUBLIC_URL") or "").rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root) :]
    return base + path
