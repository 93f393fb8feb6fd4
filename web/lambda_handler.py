"""AWS Lambda entry point: the Flask app (its JSON API) behind API Gateway, through apig-wsgi.

Netlify Functions do not run Python, so a static site on Netlify proxies
``/api/*`` to this function (netlify.toml). The app is made once per
Lambda instance, at import, from the ``PLANNER_*`` environment
(``PLANNER_API_TOKENS`` above all), exactly as ``planner serve`` makes it;
its own security headers and ``Cache-Control: no-store`` travel with
every answer, since Netlify adds none to proxied ones. Both API Gateway
payload formats work: 1.0 (REST API) and 2.0 (HTTP API, function URL).

Plans posted to the API live in the instance's memory only: a later
request may meet a fresh instance that does not know them. An instance
takes one request at a time, so searches run on the request's thread
(``PLANNER_SOLVE_WORKERS=0``) unless the environment says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from apig_wsgi import make_lambda_handler

from web import create_app

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def make_handler() -> Handler:
    """A Lambda handler around a new app configured from the environment."""
    inline = {} if os.environ.get("PLANNER_SOLVE_WORKERS") else {"PLANNER_SOLVE_WORKERS": 0}
    return make_lambda_handler(create_app(inline), binary_support=True)


#: What the container's CMD names: ``web.lambda_handler.handler``.
handler = make_handler()
