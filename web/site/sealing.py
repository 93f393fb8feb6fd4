"""Keys and AES-GCM for the technicians' route pages.

Each technician gets one key per day, derived from the build's master
secret with HKDF-SHA256 (``info`` = date and technician id). The master
secret is ``PLANNER_SITE_SECRET`` stretched with scrypt (about 32 MiB
and a tenth of a second per try), and the setting must look like 32
random bytes (``web.keys``): a technician's link, or one public page, must
not let anyone test guesses of the secret quickly offline. The same
``PLANNER_SITE_SECRET`` gives the same links on every build of that day,
another day or another technician gets an unrelated key, and holding one
key tells nothing about the master secret or the other keys.

AES-GCM must never use one nonce twice under one key with different
plaintexts, and a random nonce would make every build differ. The nonce
is therefore derived from what is encrypted: HMAC-SHA256 under a second
derived key (never published) of the associated data and the plaintext,
cut to 96 bits, as in SIV modes. The same page gives the same bytes
(builds are reproducible); a changed page gets an unrelated nonce, and
two different plaintexts share one only with probability 2^-96 per pair.
The one thing this reveals is whether a sealed page changed between two
builds, which the public plan shows anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from web.keys import weak_key_problem

KEY_BYTES = 32
NONCE_BYTES = 12
SALT = b"aftersales-planner/site/v1"
#: scrypt's cost: 2^15 x 8 x 128 bytes = 32 MiB of memory per guess.
SCRYPT_N, SCRYPT_R = 2**15, 8
SCRYPT_MAXMEM = 64 * 1024 * 1024
#: Name of the key in the link's fragment: ``...T01.html#k=<key>``.
FRAGMENT_KEY = "k"


class WeakSecret(ValueError):
    """PLANNER_SITE_SECRET is too weak to derive keys from; the message says how to make one."""


@dataclass(frozen=True)
class MasterSecret:
    """The secret every key of a build comes from; ``reproducible`` is False when it was drawn at random."""

    value: bytes
    reproducible: bool


@dataclass(frozen=True)
class RouteKeys:
    """One technician's keys for one day: ``key`` goes in their link, ``nonce_key`` stays with the builder."""

    key: bytes
    nonce_key: bytes


@dataclass(frozen=True)
class Sealed:
    """A sealed payload as the page carries it."""

    nonce: bytes
    ciphertext: bytes
    aad: str


def master_secret(configured: str | None) -> MasterSecret:
    """The configured secret stretched with scrypt, or a fresh random one (then every build has new links)."""
    if configured is None or configured == "":
        return MasterSecret(os.urandom(KEY_BYTES), reproducible=False)
    problem = weak_key_problem("PLANNER_SITE_SECRET", configured)
    if problem:
        raise WeakSecret(problem)
    stretched = hashlib.scrypt(
        configured.encode("utf-8"), salt=SALT, n=SCRYPT_N, r=SCRYPT_R, p=1, maxmem=SCRYPT_MAXMEM, dklen=KEY_BYTES
    )
    return MasterSecret(stretched, reproducible=True)


def route_keys(master: MasterSecret, date: str, technician_id: str) -> RouteKeys:
    """HKDF-SHA256 of the master secret for ``(date, technician_id)``, split into the two keys."""
    info = json.dumps(["route", date, technician_id], ensure_ascii=False).encode("utf-8")
    material = HKDF(algorithm=SHA256(), length=2 * KEY_BYTES, salt=SALT, info=info).derive(master.value)
    return RouteKeys(key=material[:KEY_BYTES], nonce_key=material[KEY_BYTES:])


def synthetic_nonce(nonce_key: bytes, aad: bytes, plaintext: bytes) -> bytes:
    """HMAC-SHA256 of the length-prefixed associated data and the plaintext, first 96 bits."""
    message = struct.pack(">I", len(aad)) + aad + plaintext
    return hmac.new(nonce_key, message, hashlib.sha256).digest()[:NONCE_BYTES]


def seal(keys: RouteKeys, plaintext: bytes, aad: str) -> Sealed:
    """AES-256-GCM of ``plaintext``, bound to ``aad`` (which page it belongs to)."""
    aad_bytes = aad.encode("utf-8")
    nonce = synthetic_nonce(keys.nonce_key, aad_bytes, plaintext)
    return Sealed(nonce=nonce, ciphertext=AESGCM(keys.key).encrypt(nonce, plaintext, aad_bytes), aad=aad)


def b64url(data: bytes) -> str:
    """Unpadded base64url, as the browser script reads it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def fragment(keys: RouteKeys) -> str:
    """The link's fragment (without ``#``) that opens the page."""
    return f"{FRAGMENT_KEY}={b64url(keys.key)}"
