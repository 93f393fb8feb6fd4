"""The few words only the static pages say (locked route pages, the links hint, public calendars), in Chinese
and English.

They live beside the static build rather than in ``web.i18n`` because the
Flask app never shows them; ``translator`` falls back to the app's own
dictionary, so the shared templates keep asking for their usual keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from web.i18n import Translator
from web.i18n import translator as app_translator

#: key -> (Chinese, English).
SITE_LABELS: Mapping[str, tuple[str, str]] = {
    "lock_locked": (
        "本页已加锁：客户姓名、电话、地址和导航只在技师本人的链接中显示。这里只显示今天的时间、顺序、工单类型和区域。",
        "This page is locked: customers' names, phones, addresses and navigation show only through the "
        "technician's own link. Here you see the day's times, order, visit types and districts.",
    ),
    "lock_wrong": (
        "这个链接里的密钥打不开本页：它可能是另一位技师的链接，或者链接被截断了。请向派工员索取你自己的链接。",
        "The key in this link does not open this page: it may be another technician's link, or it was cut "
        "short. Ask the dispatcher for your own link.",
    ),
    "lock_unsupported": (
        "这个浏览器无法解锁本页：请用较新的浏览器通过 HTTPS 打开链接。",
        "This browser cannot unlock the page: open the link over HTTPS in a current browser.",
    ),
    "links_hint_static": (
        "每位技师的个人链接（含密钥）在生成站点时写入站点文件夹旁的链接文件，不随站点发布；请通过微信或短信单独发给本人。",
        "Each technician's private link (with its key) is written to the links file beside the site folder "
        "when the site is built, and is not published; send it to each person by WeChat or SMS.",
    ),
    "public_calendar": ("日历（不含客户信息）", "Calendar (no customer details)"),
}


def translator(lang: str) -> Translator:
    """``t(key, **fields)``: the site's own words first, then the app's; an unknown key raises."""
    fallback = app_translator(lang)

    def t(key: str, **fields: object) -> str:
        if key not in SITE_LABELS:
            return fallback(key, **fields)
        text = SITE_LABELS[key][1 if lang == "en" else 0]
        return text.format(**fields) if fields else text

    return t
