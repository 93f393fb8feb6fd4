"""Sealed route pages (web.site): per-day, per-technician keys, deterministic AES-GCM, public shell, leak check."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from html.parser import HTMLParser

import icalendar
import pytest
from browser import sample_day
from builders import stops_of
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from web.site import LeakFound, Site, build_site
from web.site.leaks import check_files
from web.site.public import GRID_DEG, public_dataset
from web.site.sealing import (
    KEY_BYTES,
    SALT,
    SCRYPT_MAXMEM,
    SCRYPT_N,
    SCRYPT_R,
    MasterSecret,
    WeakSecret,
    master_secret,
    route_keys,
    seal,
)
from web.views.names import region_name

SECRET = MasterSecret(b"sealing-test-secret-0123456789-abcdef", reproducible=True)
DATE = "2026-11-23"


@lru_cache(maxsize=1)
def site() -> Site:
    """The sample day's site, built in memory once."""
    return build_site(sample_day(), SECRET)


def busiest() -> str:
    """Id of the technician with the most stops."""
    return max(sample_day().plan.routes, key=lambda r: len(r.stops)).technician_id


class Sealed(HTMLParser):
    """The data attributes of a page's sealed part."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("id") == "sealed":
            self.attrs = {name: value or "" for name, value in attrs}


def unb64(text: str) -> bytes:
    """Unpadded base64url, as the pages carry it."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sealed_part(path: str) -> dict[str, str]:
    """The sealed part's attributes of a page of the site."""
    parser = Sealed()
    parser.feed(site().files[path].decode("utf-8"))
    return parser.attrs


def open_page(path: str, key: bytes) -> dict:
    """Decrypt a page's sealed part as the browser does."""
    part = sealed_part(path)
    plain = AESGCM(key).decrypt(unb64(part["data-nonce"]), unb64(part["data-ciphertext"]), part["data-aad"].encode())
    return json.loads(plain)


def link_key(technician_id: str) -> bytes:
    """The key a technician's link carries."""
    [link] = [link for link in site().links if link.technician_id == technician_id]
    return unb64(link.fragment.removeprefix("k="))


def test_keys_differ_by_secret_day_and_technician() -> None:
    """Same inputs give the same key; another secret, day or technician gives an unrelated one."""
    keys = route_keys(SECRET, DATE, "T01")
    assert keys == route_keys(SECRET, DATE, "T01") and len(keys.key) == 32 and keys.key != keys.nonce_key
    other_secret = MasterSecret(b"another-secret-0123456789-abcdefghij", reproducible=True)
    others = [
        route_keys(other_secret, DATE, "T01"),
        route_keys(SECRET, "2026-11-24", "T01"),
        route_keys(SECRET, DATE, "T02"),
    ]
    assert all(o.key != keys.key and o.nonce_key != keys.nonce_key for o in others)


def test_nonce_follows_the_plaintext_and_page() -> None:
    """The same plaintext and page give the same nonce; a changed plaintext or page gives another."""
    keys = route_keys(SECRET, DATE, "T01")
    first = seal(keys, b"stops", "page-zh")
    assert first == seal(keys, b"stops", "page-zh")
    assert len({first.nonce, seal(keys, b"stops!", "page-zh").nonce, seal(keys, b"stops", "page-en").nonce}) == 3


@pytest.mark.parametrize("weak", ["short", "a" * 32, "x" * 64, "site-secret-" * 4])
def test_a_weak_secret_is_refused_saying_how_to_make_one(weak: str) -> None:
    """A short, repeated or made-up PLANNER_SITE_SECRET is refused, with the command that makes a good one."""
    with pytest.raises(WeakSecret, match=r"secrets\.token_urlsafe"):
        master_secret(weak)


def test_no_secret_is_random_and_a_random_one_is_reproducible() -> None:
    """None gives a random, non-reproducible secret; a generated one gives the same keys every time."""
    first, second = master_secret(None), master_secret("")
    assert not first.reproducible and first.value != second.value
    strong = "Hc4yQ9mZ2rT7vWk0pXb3sNf8LdJ1gUe6aKo5iRq-Y_w"
    assert master_secret(strong).reproducible and master_secret(strong).value == master_secret(strong).value


def test_keys_come_from_the_secret_through_a_slow_kdf() -> None:
    """The configured text is stretched with scrypt before HKDF: the master value is not the text itself."""
    strong = "Hc4yQ9mZ2rT7vWk0pXb3sNf8LdJ1gUe6aKo5iRq-Y_w"
    master = master_secret(strong)
    expected = hashlib.scrypt(
        strong.encode("utf-8"), salt=SALT, n=SCRYPT_N, r=SCRYPT_R, p=1, maxmem=SCRYPT_MAXMEM, dklen=KEY_BYTES
    )
    assert SCRYPT_N >= 2**15 and master.value == expected


def test_link_key_opens_its_page_with_customers_and_calendar() -> None:
    """The technician's link key decrypts their page: every stop's customer, phone and a calendar of the stops."""
    technician = busiest()
    day = sample_day()
    content = open_page(f"d/{DATE}/t/{technician}.html", link_key(technician))
    stops = stops_of(day.plan, technician)
    for stop in stops:
        visit = day.dataset.visit(stop.visit_id)
        assert visit.customer in content["main"] and f"tel:{visit.phone}" in content["main"]
    events = icalendar.Calendar.from_ical(content["calendar"]).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [s.start for s in stops]
    assert content["calendar_name"] == f"{DATE}-{technician}.ics"


def test_other_key_or_moved_part_does_not_open() -> None:
    """Another technician's key fails, and a sealed part moved to another page fails too (associated data)."""
    technician = busiest()
    other = next(t.id for t in sample_day().dataset.technicians if t.id != technician)
    with pytest.raises(InvalidTag):
        open_page(f"d/{DATE}/t/{technician}.html", link_key(other))
    part = sealed_part(f"d/{DATE}/t/{technician}.html")
    moved_aad = sealed_part(f"en/d/{DATE}/t/{technician}.html")["data-aad"]
    with pytest.raises(InvalidTag):
        AESGCM(link_key(technician)).decrypt(
            unb64(part["data-nonce"]), unb64(part["data-ciphertext"]), moved_aad.encode()
        )


def test_locked_shell_shows_the_days_shape_only() -> None:
    """Without the key the page shows times, visit ids and districts, but no call, navigation or calendar link."""
    technician = busiest()
    page = site().files[f"d/{DATE}/t/{technician}.html"].decode("utf-8")
    shell = page.split('id="sealed"')[0]
    route = sample_day().plan.route_of(technician)
    assert route is not None
    assert all(stop.visit_id in shell for stop in route.stops)
    first = sample_day().dataset.visit(route.stops[0].visit_id)
    assert route.stops[0].start.strftime("%H:%M") in shell
    assert region_name(sample_day().dataset, first.region, "zh") in shell
    assert not re.search(r"tel:|uri\.amap\.com|download", shell)


def test_public_dataset_has_no_contact_details_and_blurred_places() -> None:
    """Phones, addresses and job notes are gone; every place lies on the grid."""
    public = public_dataset(sample_day().dataset)
    assert all(not (v.phone or v.address or v.description) for v in public.visits)
    places = [(v.lat, v.lon) for v in public.visits] + [(t.base_lat, t.base_lon) for t in public.technicians]
    assert all(abs(x / GRID_DEG - round(x / GRID_DEG)) < 1e-6 for place in places for x in place)


def test_leak_check_finds_escaped_names_and_says_where_without_the_value() -> None:
    """A customer's name hidden in HTML entities is found; the error names file, visit and field but not the name."""
    visit = sample_day().dataset.visits[0]
    escaped = "".join(f"&#{ord(ch)};" for ch in visit.customer)
    with pytest.raises(LeakFound) as caught:
        check_files({"ok.html": b"<p>fine</p>", "bad.html": f"<p>{escaped}</p>".encode()}, sample_day().dataset)
    assert (caught.value.path, caught.value.visit_id, caught.value.field) == ("bad.html", visit.id, "customer name")
    assert visit.customer not in str(caught.value)


def test_leak_check_reads_calendars_unfolded_and_unescaped() -> None:
    """An address that line folding splits and TEXT escaping breaks up is still found in an .ics file."""
    day = sample_day()
    address = "泰和南街48号,芳华小区;21号楼2单元"
    visits = (day.dataset.visits[0].model_copy(update={"address": address}),) + day.dataset.visits[1:]
    event = icalendar.Event()
    event.add("location", "x" * 60 + address)
    text = event.to_ical().decode("utf-8")
    assert address not in text and address not in text.replace("\r\n ", "")
    with pytest.raises(LeakFound) as caught:
        check_files({"d/t/T01.ics": text.encode("utf-8")}, day.dataset.model_copy(update={"visits": visits}))
    assert (caught.value.path, caught.value.visit_id, caught.value.field) == ("d/t/T01.ics", visits[0].id, "address")


def test_leak_check_ignores_names_that_are_public_anyway() -> None:
    """A customer who shares a technician's name does not stop the build: the board shows that name on purpose."""
    day = sample_day()
    technician = day.dataset.technicians[0]
    visits = (day.dataset.visits[0].model_copy(update={"customer": technician.name}),) + day.dataset.visits[1:]
    check_files({"board.html": technician.name.encode()}, day.dataset.model_copy(update={"visits": visits}))
