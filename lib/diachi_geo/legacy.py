"""Vietnamese text in legacy encodings, found and converted to Unicode NFC.

Files from the 2000s carry TCVN3 (ABC, the ``.VnTime`` fonts) or VNI (``VNI-Times``) text:
read as Unicode they show "Tr­êng häc" or "Tröôøng hoïc" for "Trường học". Newer files
suffer mojibake, UTF-8 read as cp1252 ("TrÆ°á»ng"). Each conversion is kept only when the
result reads as Vietnamese syllables, so "Café" or a code like "AB-12" is left alone.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["detect", "convert", "repair", "tcvn3_to_unicode", "vni_to_unicode",
           "is_vietnamese"]

_TCVN3_LOWER = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "®": "đ", "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\xad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}
"""TCVN3 (ABC) byte, read as Latin-1, -> Unicode; capitals with tones used a separate
font with the same codes, so they come back as small letters (plain capitals stay)."""
_TCVN3 = str.maketrans(_TCVN3_LOWER)

# VNI: a base letter followed by one or two marks; these are the marks, read as cp1252
_VNI_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
              "Ø": "\u0300", "Ù": "\u0301", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
_VNI_HAT = {  # circumflex with its tone (after a, e, o)
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"), "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "Â": ("\u0302", ""), "Á": ("\u0302", "\u0301"), "À": ("\u0302", "\u0300"),
    "Å": ("\u0302", "\u0309"), "Ã": ("\u0302", "\u0303"), "Ä": ("\u0302", "\u0323")}
_VNI_BREVE = {  # breve with its tone (after a)
    "ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323",
    "Ê": "", "É": "\u0301", "È": "\u0300", "Ú": "\u0309", "Ü": "\u0303", "Ë": "\u0323"}
_VNI_LETTERS = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "í": "í",
                "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ",
                "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}

_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c",
             "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "")
_SYLLABLE = re.compile(
    r"^(?:{})?[aăâeêioôơuưy]{{1,3}}(?:ng|nh|ch|c|m|n|p|t)?$".format("|".join(_INITIALS[:-1])))
_WORD = re.compile(r"[^\W\d_]+")
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # combining tone marks


def _syllable_ok(word: str) -> bool:
    """One Vietnamese syllable: an initial, a vowel group, a final, at most one tone, and
    no capital after a small letter."""
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(base))


_VOWELS = set("aăâeêioôơuưy")


def _letters() -> frozenset:
    """Every letter of written Vietnamese, small and capital, composed (NFC)."""
    out = set()
    for base in "aăâeêioôơuưy":
        for tone in ("", *_TONES):
            letter = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + tone)
            out |= {letter, letter.upper()}
    return frozenset(out | {"đ", "Đ"})


_PUNCTUATION = frozenset("\xa0–—‘’“”…°№•")
"""Characters beyond ASCII that Vietnamese text has besides its letters."""
_LETTERS = _letters()


def is_vietnamese(text: str, *, share: float = 0.8) -> bool:
    """Most of the words are Vietnamese syllables and no character is foreign to
    Vietnamese text (words without a vowel, abbreviations such as THCS, do not count).

    >>> is_vietnamese("Trường THCS Nguyễn Du"), is_vietnamese("Cafộ Paris")
    (True, False)
    """
    if any(not c.isascii() and c not in _LETTERS and c not in _PUNCTUATION for c in text):
        return False
    words = [w for w in _WORD.findall(text)
             if set(unicodedata.normalize("NFD", w.lower())) & _VOWELS]
    if not words:
        return False
    return sum(_syllable_ok(w) for w in words) >= share * len(words)


def tcvn3_to_unicode(text: str) -> str:
    r"""Text typed in the TCVN3 (ABC) font encoding, in Unicode (else unchanged).

    >>> tcvn3_to_unicode("Tr\xadêng häc M\xadêng Kh\xad¬ng")
    'Trường học Mường Khương'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3)) \
        if any(c in _TCVN3_LOWER for c in text) else text


def vni_to_unicode(text: str) -> str:
    """Text typed in the VNI font encoding, in Unicode.

    >>> vni_to_unicode("Tröôøng hoïc Vieät Nam, Ñaø Naüng")
    'Trường học Việt Nam, Đà Nẵng'
    """
    out, i = [], 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if c in "aeoAEO" and nxt in _VNI_HAT:
            hat, tone = _VNI_HAT[nxt]
            out.append(c + hat + tone)
            i += 2
        elif c in "aA" and nxt in _VNI_BREVE:
            out.append(c + "\u0306" + _VNI_BREVE[nxt])
            i += 2
        elif c in _VNI_LETTERS:
            out.append(_VNI_LETTERS[c])
            i += 1
        elif c in _VNI_TONES and out:
            out.append(_VNI_TONES[c])
            i += 1
        else:
            out.append(c)
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _mojibake(text: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return unicodedata.normalize("NFC", fixed)
    return None


# letters only Unicode Vietnamese has (â, ê, ô are in Latin-1 too, so legacy text has them)
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")


def detect(text: object) -> str | None:
    r"""``tcvn3``, ``vni`` or ``mojibake`` when ``text`` is legacy Vietnamese, else None.

    >>> detect("Tr\xadêng häc"), detect("Tröôøng hoïc"), detect("TrÆ°á»\x9dng há»\x8dc")
    ('tcvn3', 'vni', 'mojibake')
    >>> detect("Trường học"), detect("Café de Paris"), detect("AB-12")
    (None, None, None)
    """
    if not isinstance(text, str) or text.isascii() or _UNICODE_VIETNAMESE.search(text):
        return None
    fixed = _mojibake(text)
    if fixed is not None and is_vietnamese(fixed):
        return "mojibake"
    if is_vietnamese(text):
        return None
    best, best_share = None, 0.0
    for kind, converter in (("vni", vni_to_unicode), ("tcvn3", tcvn3_to_unicode)):
        candidate = converter(text)
        if candidate != text and is_vietnamese(candidate):
            share = _share(candidate)
            if share > best_share:
                best, best_share = kind, share
    return best


def _share(text: str) -> float:
    words = _WORD.findall(text)
    return sum(_syllable_ok(w) for w in words) / max(len(words), 1)


def convert(text: str, kind: str) -> str:
    """``text`` converted from ``kind`` (see :func:`detect`) to Unicode NFC."""
    if kind == "mojibake":
        return _mojibake(text) or text
    return {"vni": vni_to_unicode, "tcvn3": tcvn3_to_unicode}[kind](text)


def repair(text: object) -> tuple[object, str | None]:
    """(the text in Unicode NFC, what it was) — unchanged when it was fine."""
    kind = detect(text)
    return (convert(text, kind), kind) if kind else (text, None)
