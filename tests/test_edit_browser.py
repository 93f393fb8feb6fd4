"""The dispatch lead edits the plan on the board in Chromium: drag, keyboard and form, lock, re-optimise, undo.

The day lives in a SQLite work-order store (``edit_day``), so every plan
the board saves is a plan version there, and each is checked again here
with the independent checker, as ``planner check`` would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import DESKTOP, PASSWORD, TOKEN, USER, log_in
from edit_day import DATE, every_version_checks, find_moves, stored_day
from http_server import running
from playwright.sync_api import Browser, Page, expect
from werkzeug.security import generate_password_hash

from planner.store import live_day, open_database, plan_versions
from web import create_app
from web.auth import technician_token


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, object, object]]:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    stored_day(url)
    users = f"{USER}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"
    app = create_app(
        {
            "TESTING": True,
            "DEBUG": False,
            "SECRET_KEY": "edit-browser",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_USERS": users,
            "PLANNER_DATABASE_URL": url,
            "PLANNER_MAP_TILES": "off",
            "PLANNER_MAX_TIME_LIMIT": 5.0,
        }
    )
    db = open_database(url)
    with running(app) as base:
        yield base, db, app
    db.close()
    app.extensions["planner.workorders"].close()


@pytest.fixture
def board(served, browser: Browser) -> Iterator[Page]:
    base = served[0]
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    log_in(page, base)
    page.goto(f"{base}/d/{DATE}/")
    yield page
    page.close()


def drag(page: Page, visit_id: str, technician_id: str) -> None:
    """Drag the visit's bar with the mouse onto the middle of the technician's row, at the same time."""
    page.locator("svg.timeline").scroll_into_view_if_needed()
    bar = page.locator(f'rect[data-visit="{visit_id}"]').first
    row = page.locator(f'g.tl-row[data-technician="{technician_id}"] rect.shift').first
    start, target = bar.bounding_box(), row.bounding_box()
    assert target is not None
    assert start is not None
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 2, y + 5, steps=3)
    page.mouse.move(x, target["y"] + target["height"] / 2, steps=8)
    page.mouse.up()


def ask_for_urgent_slots(page: Page, required_skills: str) -> None:
    """Fill the board's urgent-visit form (a visit in chaoyang needing ``required_skills``) and send it."""
    page.locator("details.urgent summary").click()
    urgent = page.locator("[data-urgent-form]")
    urgent.locator("select[name=region]").select_option("chaoyang")
    urgent.locator("input[name=lat]").fill("39.9335")
    urgent.locator("input[name=lon]").fill("116.4452")
    urgent.locator("input[name=required_skills]").fill(required_skills)
    urgent.locator("button[type=submit]").click()


def on_row(page: Page, technician_id: str, visit_id: str) -> int:
    return page.locator(f'g.tl-row[data-technician="{technician_id}"] rect[data-visit="{visit_id}"]').count()


def test_a_drag_to_someone_without_the_skill_is_refused_naming_the_rule(served, board: Page) -> None:
    _, db, _ = served
    day = live_day(db, DATE)
    assert day is not None
    moves = find_moves(day)
    drag(board, moves.visit_id, moves.unqualified)
    result = board.locator("[data-edit-result]")
    expect(result).to_contain_text(day.dataset.technician(moves.unqualified).name)
    expect(result).to_contain_text(day.dataset.skill_name(moves.skill))
    expect(result).to_contain_text("未保存")
    assert len(plan_versions(db, DATE)) == 1
    assert on_row(board, moves.technician_before, moves.visit_id) >= 1


def test_a_drag_to_a_qualified_technician_is_saved_and_their_route_page_shows_it(served, board: Page, tmp_path) -> None:
    base, db, app = served
    moves = find_moves(live_day(db, DATE))
    drag(board, moves.visit_id, moves.qualified)
    expect(board.locator("[data-edit-result]")).to_contain_text("已保存")
    assert on_row(board, moves.qualified, moves.visit_id) >= 1
    assert len(plan_versions(db, DATE)) == 2
    with app.app_context():
        link = f"{base}/d/{DATE}/t/{moves.qualified}?k={technician_token(DATE, moves.qualified)}"
    board.goto(link)
    expect(board.locator("main")).to_contain_text(moves.visit_id)
    expect(board.locator(".dispatcher-change")).to_contain_text("调度员于")

    board.goto(f"{base}/d/{DATE}/")
    board.locator("[data-edit-undo]").click()
    expect(board.locator("[data-edit-result]")).to_contain_text("撤销")
    assert on_row(board, moves.technician_before, moves.visit_id) >= 1
    assert len(plan_versions(db, DATE)) == 3
    assert every_version_checks(db, tmp_path) == len(plan_versions(db, DATE))


def test_a_move_made_with_the_keyboard_alone(served, board: Page, tmp_path) -> None:
    _, db, _ = served
    moves = find_moves(live_day(db, DATE))
    bar = board.locator(f'rect[data-visit="{moves.visit_id}"]').first
    bar.focus()
    board.keyboard.press("Enter")
    technicians = board.locator("[data-edit-form] select[name=technician_id] option")
    values = [technicians.nth(i).get_attribute("value") for i in range(technicians.count())]
    current = board.evaluate("document.activeElement.name")
    assert current == "technician_id"
    for _ in range(values.index(moves.qualified)):
        board.keyboard.press("ArrowDown")
    for _ in range(12):
        if board.evaluate("document.activeElement.type") == "submit":
            break
        board.keyboard.press("Tab")
    board.keyboard.press("Enter")
    expect(board.locator("[data-edit-result]")).to_contain_text("已保存")
    assert on_row(board, moves.qualified, moves.visit_id) >= 1
    assert every_version_checks(db, tmp_path) == len(plan_versions(db, DATE))


def form_edit(page: Page, action: str, visit_id: str, technician_id: str = "") -> None:
    form = page.locator("[data-edit-form]")
    form.locator("select[name=action]").select_option(action)
    form.locator("select[name=visit_id]").select_option(visit_id)
    form.locator("select[name=technician_id]").select_option(technician_id)
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-edit-result]")).to_contain_text("已保存")


def test_a_locked_visit_stays_when_the_rest_is_re_optimised(served, board: Page, tmp_path) -> None:
    _, db, _ = served
    day = live_day(db, DATE)
    assert day is not None
    moves = find_moves(day)
    form_edit(board, "lock", moves.visit_id, moves.technician_before)
    out = next(
        s.visit_id
        for r in day.plan.routes
        for s in r.stops
        if s.visit_id != moves.visit_id and not day.dataset.visit(s.visit_id).pinned_technician
    )
    form_edit(board, "unassign", out)
    assert board.locator(f'rect[data-visit="{out}"]').count() == 0
    assert board.locator(f'rect.locked[data-visit="{moves.visit_id}"]').count() >= 1
    versions = len(plan_versions(db, DATE))

    board.locator("[data-reoptimise]").click()
    dialog = board.locator("[data-reoptimise-dialog]")
    expect(dialog).to_be_visible(timeout=90_000)
    expect(dialog.locator(f'[data-change="{out}"]')).to_be_visible()
    ids = {t.id for t in day.dataset.technicians}
    assert not ids & set(dialog.inner_text().split()), "the changes name technicians by id"
    assert any(t.name in dialog.inner_text() for t in day.dataset.technicians)
    assert len(plan_versions(db, DATE)) == versions
    dialog.locator("[data-publish]").click()
    expect(board.locator("[data-edit-result]")).to_contain_text("已保存")
    assert board.locator(f'rect[data-visit="{out}"]').count() >= 1
    assert on_row(board, moves.technician_before, moves.visit_id) >= 1
    live = live_day(db, DATE)
    assert live is not None
    assert len(plan_versions(db, DATE)) == versions + 1
    assert live.dataset.visit(moves.visit_id).pinned_technician == moves.technician_before
    assert every_version_checks(db, tmp_path) == len(plan_versions(db, DATE))


def test_an_urgent_visit_is_booked_from_the_board_with_one_click(served, board: Page, tmp_path) -> None:
    _, db, _ = served
    ask_for_urgent_slots(board, "sofa_repair:2")
    offered = board.locator("[data-urgent-slots] li button")
    expect(offered.first).to_be_visible(timeout=90_000)
    offered.first.click()
    expect(board.locator("[data-edit-result]")).to_contain_text("加急工单", timeout=90_000)
    assert board.locator('rect[data-visit^="U"]').count() >= 1
    assert every_version_checks(db, tmp_path) == len(plan_versions(db, DATE)) == 2


def test_an_urgent_visit_with_a_bad_cell_is_refused_with_the_problem_in_chinese(served, board: Page) -> None:
    """The API's problems are shown in the page's language: the Chinese sentence, with the column and value."""
    ask_for_urgent_slots(board, "sofa_repair:9")
    result = board.locator("[data-edit-result]")
    expect(result).to_contain_text("其中 sofa_repair 填的是 9；应为 1 到 5 的等级", timeout=30_000)
    expect(result).not_to_contain_text("expected a level")
