"""Bytes to text: encoding detection, binary sniffing and newline normalisation."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefreader.core.models import LoadError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

log = logging.getLogger(__name__)

# Magic numbers of binary formats that are sometimes saved under a text suffix.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 media file"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 media file"),
    (b"\x00asm", "a WebAssembly module"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# Single-byte Latin code pages that charset-normalizer tends to pick for Western text
# (it ranks cp1250 above cp1252 when their decodings tie); cp1252 is far more common.
_LATIN_FAMILY = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1257",
        "latin_1",
        "iso8859_2",
        "iso8859_4",
        "iso8859_10",
        "iso8859_13",
        "iso8859_15",
        "iso8859_16",
        "cp775",
        "cp850",
        "cp852",
        "cp858",
        "mac_roman",
        "mac_latin2",
    }
)

_SAMPLE = 65536
_MAX_NUL_RATIO = 0.25  # beyond this (and no UTF-16/32 pattern) the data is binary
_MAX_CONTROL_RATIO = 0.05
_CHAOS_TIE = 0.01
_PLAUSIBLE_MESS = 0.2
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|\u2029")


@dataclass(frozen=True)
class DecodedText:
    """Decoded text, the codec used and anything that was repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to newline-normalised text; return (text, encoding)."""
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode file bytes: BOM, then strict UTF-8, then a declared charset, then detection."""
    if not data:
        raise LoadError("empty file")
    warnings: list[str] = []
    text, encoding = _decode(data, declared, warnings)
    if "\x00" in text:
        count = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(f"removed {count} NUL character{'s' if count != 1 else ''}")
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_controls(text)
    return DecodedText(normalize_newlines(text), encoding, tuple(warnings))


def normalize_newlines(text: str) -> str:
    """Turn CRLF, lone CR and U+2029 (paragraph separator) into LF."""
    if "\r" not in text and "\u2029" not in text:
        return text
    return _NEWLINES.sub("\n", text)


def sniff_binary(data: bytes) -> str | None:
    """Return what kind of binary file ``data`` looks like, or None if it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def _decode(data: bytes, declared: str | None, warnings: list[str]) -> tuple[str, str]:
    """Pick the codec and decode; raise LoadError for binary or undecodable data."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            if len(data) == len(bom):
                raise LoadError("empty file (only a byte-order mark)")
            return _decode_with(data, codec, warnings), name
    kind = sniff_binary(data)
    if kind:
        raise LoadError(f"binary content: looks like {kind}, not text")
    nuls = data.count(b"\x00")
    if nuls:
        wide = _guess_wide_unicode(data)
        if wide:
            return _decode_with(data, wide, warnings), wide
        if nuls > _MAX_NUL_RATIO * len(data):
            raise LoadError(f"binary content ({nuls} NUL bytes)")
        data = data.replace(b"\x00", b"")
        warnings.append(f"removed {nuls} NUL byte{'s' if nuls != 1 else ''}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    known = _known_codec(declared) if declared else None
    if known and _decodes(data, known):
        return data.decode(known), known
    return _detect(data, warnings)


def _decode_with(data: bytes, codec: str, warnings: list[str]) -> str:
    """Decode with ``codec``; replace bad sequences (with a warning) rather than fail."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        warnings.append(f"invalid {codec} byte sequence at byte {error.start}; replaced")
        return data.decode(codec, errors="replace")


def _detect(data: bytes, warnings: list[str]) -> tuple[str, str]:
    """Detect a legacy encoding with charset-normalizer."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise LoadError("binary content or unknown text encoding")
    encoding = _prefer_western(best, list(matches), data)
    log.debug("detected %s (charset-normalizer said %s)", encoding, best.encoding)
    return _decode_with(data, encoding, warnings), encoding


def _prefer_western(best: CharsetMatch, matches: list[CharsetMatch], data: bytes) -> str:
    """Prefer cp1252 over other Latin code pages when it reads as plausible text."""
    if best.encoding not in _LATIN_FAMILY:
        return best.encoding
    tied: set[str] = set()
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_TIE:
            tied.add(match.encoding)
            tied.update(match.could_be_from_charset)
    if not _decodes(data, "cp1252"):
        return "latin_1" if "latin_1" in tied else best.encoding
    if tied & {"cp1252", "latin_1", "iso8859_15"}:
        return "cp1252"
    # On short texts the detector's pick among Latin code pages is close to random (cp852,
    # cp1257 for plain French); cp1252 wins whenever it reads as plausible text.
    if _mess(data, "cp1252") <= max(best.chaos + _CHAOS_TIE, _PLAUSIBLE_MESS):
        return "cp1252"
    return best.encoding


def _decodes(data: bytes, codec: str) -> bool:
    """True when ``data`` decodes strictly with ``codec``."""
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _mess(data: bytes, codec: str) -> float:
    """charset-normalizer's mess ratio of a sample decoded with ``codec``."""
    from charset_normalizer.md import mess_ratio

    return mess_ratio(data[:_SAMPLE].decode(codec, errors="replace"), maximum_threshold=1.0)


def _guess_wide_unicode(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 (or UTF-32) text by where its NUL bytes sit."""
    sample = data[: min(len(data), 4096) & ~3]
    if len(sample) < 16:  # too little to tell
        return None
    quarter = len(sample) // 4
    zeros = [sample[i::4].count(0) for i in range(4)]
    if min(zeros[1], zeros[2], zeros[3]) > 0.9 * quarter and zeros[0] < 0.1 * quarter:
        return "utf-32-le"
    if min(zeros[0], zeros[1], zeros[2]) > 0.9 * quarter and zeros[3] < 0.1 * quarter:
        return "utf-32-be"
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _known_codec(name: str) -> str | None:
    """The Python codec for a declared charset name (WHATWG: latin-1 means cp1252)."""
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in ("iso8859-1", "latin-1", "ascii") else codec


def _check_controls(text: str) -> None:
    """Reject decoded text that is mostly control characters (binary in disguise)."""
    sample = text[:_SAMPLE]
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise LoadError("binary content (too many control characters)")
