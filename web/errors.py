"""Error answers: JSON for API callers, a page for people, never a stack trace.

API callers (anything under ``/api/``, or a request that prefers
``application/json``) get the common JSON error body; browsers get a short
page in Chinese or English. A refused login is a 401 for the API and a
redirect to the login page for a browser.

Unexpected exceptions are logged with their type and the code path only:
not the request body, the query string (technicians' link tokens) nor the
exception's message, since any of them can carry customer names, phones
or addresses from the dataset.
"""

from __future__ import annotations

import logging
import re
import traceback

from flask import Flask, Response, redirect, render_template, request, url_for
from werkzeug.exceptions import Conflict, HTTPException, InternalServerError, ServiceUnavailable, TooManyRequests
from werkzeug.wrappers import Response as BaseResponse

from planner.store import StalePlan
from web.api.replies import error_response, json_response
from web.auth import AccessDenied
from web.lang import request_lang
from web.solving import SolverBusy, SolverStopped

log = logging.getLogger(__name__)

#: Page title and a hint for each status, (Chinese, English).
_WORDING: dict[int, tuple[tuple[str, str], tuple[str, str]]] = {
    400: (
        ("请求有误", "Bad request"),
        ("请求的内容无法处理，请检查后重试。", "The request could not be understood; check it and try again."),
    ),
    401: (("需要登录", "Login required"), ("请先登录。", "Please log in first.")),
    403: (("无权访问", "Forbidden"), ("您没有查看此页面的权限。", "You may not see this page.")),
    404: (
        ("页面不存在", "Page not found"),
        ("请检查网址，或返回首页。", "Check the address, or go back to the start page."),
    ),
    405: (
        ("不支持此操作", "Method not allowed"),
        ("此地址不接受这种请求。", "This address does not take this kind of request."),
    ),
    413: (
        ("上传内容过大", "Upload too large"),
        ("上传的数据超过了大小限制。", "The data sent is larger than the limit."),
    ),
    415: (("格式不受支持", "Unsupported format"), ("请以 JSON 格式提交数据。", "Send the data as JSON.")),
    422: (
        ("数据有误", "Invalid data"),
        ("数据中有错误，请修正后重试。", "The data has errors; fix them and try again."),
    ),
    503: (("服务暂时不可用", "Service unavailable"), ("请稍后重试。", "Please try again shortly.")),
    429: (("请求过于频繁", "Too many requests"), ("请稍后再试。", "Please wait a moment and try again.")),
    500: (
        ("服务器出错了", "Server error"),
        (
            "服务器处理请求时出错，已记录。请稍后重试。",
            "Something went wrong on the server; it has been logged. Try again later.",
        ),
    ),
}


def wants_json() -> bool:
    """API paths, and clients that prefer JSON to HTML, get JSON errors."""
    if request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def error_code(exc: HTTPException) -> str:
    """A machine code from the status name: ``Not Found`` -> ``not_found``."""
    return re.sub(r"[^a-z0-9]+", "_", (exc.name or "error").lower()).strip("_")


def error_page(status: int, headers: dict[str, str] | None = None) -> Response:
    """The HTML error page for ``status`` in the request's language."""
    lang = request_lang()
    pick = 1 if lang == "en" else 0
    title, hint = _WORDING.get(status, _WORDING[500 if status >= 500 else 400])
    try:
        body = render_template("errors/error.html", status=status, title=title[pick], hint=hint[pick], lang=lang)
    except Exception as exc:  # the page frame itself is broken: still answer, in plain text
        log.error("error page for %s failed to render: %s", status, type(exc).__name__)
        return Response(
            f"{status} {title[0]} / {title[1]}\n", status=status, mimetype="text/plain", headers=headers or {}
        )
    return Response(body, status=status, mimetype="text/html", headers=headers or {})


def _kept_headers(exc: HTTPException) -> dict[str, str]:
    """Headers the status needs (``Allow`` on a 405, ``Retry-After``), without its HTML content type."""
    return {name: value for name, value in exc.get_headers() if name.lower() != "content-type"}


def handle_http_error(exc: HTTPException) -> BaseResponse | HTTPException:
    """Statuses raised on purpose (404, 413, 415, ...) in the caller's form; one raised with its own answer keeps it."""
    if exc.code is None or exc.code < 400:
        return exc
    if isinstance(exc.response, BaseResponse):
        return exc.response
    headers = _kept_headers(exc)
    if wants_json():
        return error_response(exc.code, error_code(exc), exc.description or exc.name, headers)
    return error_page(exc.code, headers)


def handle_access_denied(_: AccessDenied) -> BaseResponse:
    """401 with a Bearer challenge for the API; the login page, then back here, for a browser."""
    if wants_json():
        return error_response(
            401,
            "unauthorized",
            "log in as staff or send Authorization: Bearer <token>",
            {"WWW-Authenticate": 'Bearer realm="planner"'},
        )
    return redirect(url_for("auth.login_form", next=request.full_path.rstrip("?"), lang=request.args.get("lang")))


def handle_unexpected(exc: Exception) -> Response:
    """Log where it broke (no data, see the module's note) and answer a plain 500."""
    where = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    log.error("unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.path, where)
    if wants_json():
        return error_response(500, "internal_server_error", InternalServerError.description)
    return error_page(500)


def handle_solver_busy(exc: SolverBusy) -> BaseResponse | HTTPException:
    """No room for another search: 429 with when to retry, at once."""
    return handle_http_error(
        TooManyRequests("the solver is busy with other searches; retry later", retry_after=exc.retry_after)
    )


def handle_solver_stopped(_: SolverStopped) -> BaseResponse | HTTPException:
    """A worker died during the search (logged by the pool): 503, retry shortly."""
    log.error("a search's worker process ended unexpectedly; the pool is started afresh")
    return handle_http_error(ServiceUnavailable("the search stopped unexpectedly; retry", retry_after=1))


def handle_stale_plan(exc: StalePlan) -> BaseResponse | HTTPException:
    """Another change of the day became live first (perhaps on another app server): 409, nothing kept."""
    if not wants_json():
        return handle_http_error(Conflict("the day's plan was changed meanwhile; reload it and try again"))
    return json_response(
        {
            "error": "stale_plan",
            "message": f"the day's plan was changed meanwhile (now version {exc.current}); "
            "nothing was kept; reload it and try again",
            "message_zh": f"当天的排班已被他人修改（当前版本 {exc.current}），本次修改未保存，请刷新后重试",
            "version": exc.current,
        },
        409,
    )


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on the app, for every blueprint."""
    app.register_error_handler(AccessDenied, handle_access_denied)
    app.register_error_handler(SolverBusy, handle_solver_busy)
    app.register_error_handler(SolverStopped, handle_solver_stopped)
    app.register_error_handler(StalePlan, handle_stale_plan)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
