"""The public variant of a board model: customers as initials, places as districts.

A board published without access control (a static site, a screen in
the workshop) must not carry personal data (data contract, section 4).
``mask_board`` rewrites a model built by ``board.board_model`` so the same
templates render it: each ``customer`` becomes initials, each ``address``
the district, phones, call and navigation links are dropped, and the
technicians' signed links and work order sheet links are removed (they
would open the full pages).
"""

from __future__ import annotations

from typing import Any

#: Keys whose values are dropped outright (set to an empty string, so templates still render).
DROPPED = ("phone", "tel", "nav_links")


def initials(name: str) -> str:
    """夏飞 -> 夏**, 欧阳明 -> 欧**, John Smith -> J.S.; empty stays empty.

    A Chinese name always gets two stars, whatever its length: one star per
    hidden character would tell a two-character name from a three-character one.
    """
    name = name.strip()
    if not name:
        return ""
    if any(ord(ch) > 0x2E80 for ch in name):
        return name[0] + "**"
    return "".join(f"{word[0].upper()}." for word in name.split())


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        out = {key: _mask(item) for key, item in value.items()}
        if "customer" in out:
            out["customer"] = initials(str(out["customer"]))
        if "address" in out:
            out["address"] = str(out.get("district", ""))
        for key in DROPPED:
            if key in out:
                out[key] = ""
        for key in ("link", "work_order"):
            if key in out:
                out[key] = None
        return out
    if isinstance(value, (list, tuple)):
        return [_mask(item) for item in value]
    return value


def mask_board(model: dict) -> dict:
    """A deep copy of ``model`` with no customer name, phone, address or signed link left."""
    return _mask(model)
