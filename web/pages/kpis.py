"""KPI trends (charts and table, CSV and Excel downloads) and the printable monthly report: staff only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, abort, request

from planner.history.kpis import BY_KINDS
from planner.history.monthly import monthly_report
from planner.history.periods import PERIOD_KINDS, DateRangeError, check_range
from planner.history.report import as_csv, as_xlsx
from planner.store.callbacks import department_timezone
from planner.store.clock import now_in
from planner.store.followup_settings import service_rules
from planner.store.kpi_query import kpi_rows
from planner.store.records import kpi_names, store_history
from web.auth import staff_required
from web.current import get_workorders
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import page_url, render_page
from web.views.followup import kpi_charts, kpi_headers, kpi_table, monthly_model

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Days shown when no range is asked for: the last four weeks.
DEFAULT_DAYS = 28


def _store():
    database = get_workorders()
    if database is None:
        abort(404)
    return database


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


def _query(database) -> dict[str, Any]:
    """from, to, by, period and the chosen key from the query; a bad date falls back to the default range."""
    today = now_in(department_timezone(database)).date()
    try:
        end = dt.date.fromisoformat(request.args["to"]) if request.args.get("to") else today
        start = (
            dt.date.fromisoformat(request.args["from"])
            if request.args.get("from")
            else end - dt.timedelta(days=DEFAULT_DAYS - 1)
        )
    except ValueError:
        end, start = today, today - dt.timedelta(days=DEFAULT_DAYS - 1)
    return {
        "start": start,
        "end": end,
        "by": _choice("by", BY_KINDS, "department"),
        "period": _choice("period", PERIOD_KINDS, "week"),
        "key": request.args.get("key"),
    }


def _links(query: dict[str, Any]) -> dict[str, str]:
    values = {
        "from": query["start"].isoformat(),
        "to": query["end"].isoformat(),
        "by": query["by"],
        "period": query["period"],
    }
    return {
        "csv": page_url("pages.kpis_csv", **values),
        "xlsx": page_url("pages.kpis_xlsx", **values),
        "monthly": page_url("pages.monthly", month=query["end"].strftime("%Y-%m")),
    }


@bp.get("/kpis")
@staff_required
def kpis() -> tuple[str, int] | str:
    """Charts of every KPI for one department, group or technician, and the table of all."""
    lang = request_lang()
    database = _store()
    query = _query(database)
    try:
        check_range(query["start"], query["end"])
    except DateRangeError:
        return render_page(
            "kpis.html",
            lang,
            query=query,
            bad_range=True,
            rows=[],
            charts=[],
            keys=[],
            headers=kpi_headers(lang),
            links=_links(query),
            by_kinds=BY_KINDS,
            period_kinds=PERIOD_KINDS,
        ), 422
    rows = kpi_rows(database, query["start"], query["end"], by=query["by"], period=query["period"])
    names = kpi_names(database, query["by"], english=lang == "en")
    keys = sorted({row.key for row in rows}, key=lambda k: (k == "", names.get(k, k)))
    key = query["key"] if query["key"] in keys else (keys[0] if keys else None)
    return render_page(
        "kpis.html",
        lang,
        query=query,
        bad_range=False,
        headers=kpi_headers(lang),
        rows=kpi_table(rows, names, lang),
        keys=[{"key": k, "name": names.get(k) or k} for k in keys],
        key=key,
        charts=kpi_charts(rows, key, names, query["period"], lang) if key is not None else [],
        links=_links(query),
        by_kinds=BY_KINDS,
        period_kinds=PERIOD_KINDS,
    )


def _download_rows():
    database = _store()
    query = _query(database)
    try:
        check_range(query["start"], query["end"])
    except DateRangeError as exc:
        abort(Response(str(exc), status=422, mimetype="text/plain"))
    rows = kpi_rows(database, query["start"], query["end"], by=query["by"], period=query["period"])
    name = f"kpis-{query['by']}-{query['period']}-{query['start']}-{query['end']}"
    return rows, kpi_names(database, query["by"], english=request_lang() == "en"), name


@bp.get("/kpis.csv")
@staff_required
def kpis_csv() -> Response:
    """The table as CSV (UTF-8 with a byte-order mark, so Excel in China opens it right)."""
    rows, names, name = _download_rows()
    return Response(
        "\ufeff" + as_csv(rows, names),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@bp.get("/kpis.xlsx")
@staff_required
def kpis_xlsx() -> Response:
    """The table as an Excel workbook, headed in the page's language."""
    rows, names, name = _download_rows()
    return Response(
        as_xlsx(rows, names, english=request_lang() == "en"),
        mimetype=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@bp.get("/reports/monthly")
@staff_required
def monthly() -> str:
    """The month's report (``?month=YYYY-MM``, default this month), laid out to print on A4."""
    lang = request_lang()
    database = _store()
    history = store_history(database)
    try:
        month = (
            dt.date.fromisoformat(request.args["month"] + "-01")
            if request.args.get("month")
            else now_in(history.timezone).date()
        )
    except ValueError:
        abort(404)
    report = monthly_report(
        history.orders,
        history.statuses,
        history.callbacks,
        month,
        rules=service_rules(database),
        timezone=history.timezone,
    )
    english = lang == "en"
    names: dict[str, dict[str, str]] = {by: kpi_names(database, by, english=english) for by in BY_KINDS}
    return render_page("monthly_report.html", lang, model=monthly_model(report, names, lang))
