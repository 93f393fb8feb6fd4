"""Is a configured secret random enough? An estimate of its strength, and how to make a good one.

``PLANNER_SECRET_KEY`` signs staff sessions and technicians' links, and
``PLANNER_SITE_SECRET`` derives the static site's page keys. A link or a
sealed page holds enough to test guesses offline, so a key a person made
up (``dispatch2026``, 32 times ``a``, a few words) falls in seconds. Both
must carry about 32 random bytes, as ``secrets.token_urlsafe(32)`` gives.

The strength cannot be measured, only estimated from the text. The
estimate here is the length times the bits of the smallest usual alphabet
the text is drawn from (hex, letters and digits, base64url, printable
ASCII), and the text must also look drawn at random from that alphabet:
no substring repeated more than chance explains (``abcabc``, ``aaaa``,
``word2026word2026``), and not read like words: about as many changes
between letters, capitals, digits and signs, and as few vowels, as random
text of that alphabet has. Random keys pass (none of 120,000 tried
failed); most made-up ones fail, but a long phrase of small letters only
can pass, so the advice stands: generate the key.
"""

from __future__ import annotations

import itertools
import math
import string

#: 32 random bytes are 256 bits; a little slack for the estimate's coarse alphabets.
MIN_BITS = 240
HOW_TO_MAKE = 'make one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'

#: Character classes, as a random key's alphabet is built from them.
CLASSES: tuple[str, ...] = (
    string.ascii_lowercase,
    string.ascii_uppercase,
    string.digits,
    "-_+/=",
    "".join(c for c in string.punctuation if c not in "-_+/=") + " ",
)
HEX = set(string.hexdigits.lower())
#: How unlikely a pattern must be in random text before it counts as a sign of a made-up key.
CHANCE = 1e-6
#: Word-likeness (in standard deviations) beyond which a key reads as words; random keys nearly always pass.
WORDY = 7.0


def class_of(char: str) -> int:
    """Index of the class holding ``char`` (non-ASCII counts with the signs)."""
    return next((i for i, chars in enumerate(CLASSES) if char in chars), len(CLASSES) - 1)


def alphabet_sizes(text: str) -> list[int]:
    """Sizes of the classes the text uses; lower-case hex counts as one alphabet of 16."""
    if set(text) <= HEX:
        return [16]
    used = sorted({class_of(c) for c in text})
    return [len(CLASSES[i]) for i in used]


def estimated_bits(text: str) -> float:
    """Length times the bits per character of the alphabet the text seems drawn from."""
    return len(text) * math.log2(max(2, sum(alphabet_sizes(text))))


def repeats_too_much(text: str, alphabet: int) -> bool:
    """A substring occurs twice that random text of this alphabet would repeat with chance below CHANCE."""
    pairs = max(1, len(text) * (len(text) - 1) // 2)
    span = max(2, math.ceil(math.log(pairs / CHANCE) / math.log(max(alphabet, 2))))
    seen: set[str] = set()
    for start in range(len(text) - span + 1):
        part = text[start : start + span]
        if part in seen:
            return True
        seen.add(part)
    return False


def z_score(count: int, trials: int, chance: float) -> float:
    """How many standard deviations ``count`` lies above what ``trials`` draws of ``chance`` give."""
    if trials == 0 or chance <= 0 or chance >= 1:
        return 0.0
    return (count - trials * chance) / math.sqrt(trials * chance * (1 - chance))


def wordiness(text: str, sizes: list[int]) -> float:
    """How word-like the text is, in standard deviations: few class changes, many vowels.

    Random text of several classes changes class between neighbours often
    (``aZ3_``); words stay in small letters for long runs, and have about
    twice the vowels of random letters. The two scores are added.
    """
    total = sum(sizes)
    change = 1 - sum((size / total) ** 2 for size in sizes)
    changes = sum(class_of(a) != class_of(b) for a, b in itertools.pairwise(text))
    score = -z_score(changes, len(text) - 1, change) if len(sizes) > 1 else 0.0
    if sizes != [16]:  # hex letters are a-f, a third of them vowels by nature
        letters = [c for c in text if c.isascii() and c.isalpha()]
        score += z_score(sum(c in "aeiouAEIOU" for c in letters), len(letters), 5 / 26)
    return score


def weakness(text: str) -> str | None:
    """Why ``text`` is not a key of about 32 random bytes, or None when it seems one."""
    bits = estimated_bits(text)
    if bits < MIN_BITS:
        return f"it carries about {bits:.0f} bits, fewer than the {MIN_BITS} of 32 random bytes"
    sizes = alphabet_sizes(text)
    if repeats_too_much(text, sum(sizes)):
        return "it repeats itself (runs of one character or a repeated part)"
    if wordiness(text, sizes) > WORDY:
        return "it reads like words or a pattern, not random characters"
    return None


def weak_key_problem(name: str, text: str) -> str | None:
    """A sentence for the operator when the key in ``name`` is weak, saying how to make a good one."""
    why = weakness(text)
    return None if why is None else f"{name} is too weak to keep links and sessions safe: {why}; {HOW_TO_MAKE}"
