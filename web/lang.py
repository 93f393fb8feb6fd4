"""The language of the request: ``?lang=zh|en``, then the browser's Accept-Language, then Chinese.

Pages, error pages and the login forms all answer in the language chosen
here, so a visitor who picked English by link never gets a Chinese error
page; the choice itself (``web.i18n.choose_lang``) needs no Flask, so the
static site makes it the same way.
"""

from __future__ import annotations

from flask import request

from web.i18n import choose_lang


def request_lang() -> str:
    """The language of this request's answer."""
    return choose_lang(request.args.get("lang"), request.headers.get("Accept-Language"))
