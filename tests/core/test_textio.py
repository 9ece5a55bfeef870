"""Encoding detection, binary sniffing and newline normalisation (core/formats/textio.py)."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.core.formats.textio import (
    decode_bytes,
    decode_text,
    normalize_newlines,
    sniff_binary,
)
from briefreader.core.models import LoadError

SMART = "The President’s “Buy American” order – signed in 2024 — works… €5 • ™\n"
ACCENTS = "Ça va? Le président a été élu à Genève; señor Müller, naïve façade, Øresund.\n"
CHINESE = (
    "中华人民共和国对外贸易法\n"
    "第一条 为了扩大对外开放，发展对外贸易，维护对外贸易秩序，"
    "保护对外贸易经营者的合法权益，促进社会主义市场经济的健康发展，制定本法。\n"
)
TRADITIONAL = "中華民國憲法，第一條 中華民國基於三民主義，為民有民治民享之民主共和國。\n" * 3
JAPANESE = "日本語のテキストです。東京は日本の首都です。これは貿易に関する報告書の文章です。\n" * 3


def test_plain_utf8_is_returned_as_is() -> None:
    assert decode_bytes("héllo “world”\n".encode()) == ("héllo “world”\n", "utf-8")


def test_utf8_bom_is_not_part_of_the_text() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + b"Hello\n")
    assert (text, encoding) == ("Hello\n", "utf-8")


def test_utf8_bom_with_cr_only_line_endings() -> None:
    data = codecs.BOM_UTF8 + b"Mr. President,\rit is my honour.\r\rThank you.\r"
    assert decode_bytes(data)[0] == "Mr. President,\nit is my honour.\n\nThank you.\n"


def test_cp1252_smart_quotes_and_dashes() -> None:
    data = SMART.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == (SMART, "cp1252")


def test_latin1_accents() -> None:
    text, encoding = decode_bytes(ACCENTS.encode("latin-1"))
    assert text == ACCENTS
    assert encoding in ("cp1252", "latin_1")


def test_longer_cp1252_prose_is_not_taken_for_central_european() -> None:
    prose = ("“We’re naïve,” said the café owner — à la française. " * 40) + "\n"
    assert decode_bytes(prose.encode("cp1252")) == (prose, "cp1252")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
)
def test_utf16_with_bom(bom: bytes, codec: str, name: str) -> None:
    text = "Section 232 — “copper”\r\nline two\r\n"
    decoded, encoding = decode_bytes(bom + text.encode(codec))
    assert decoded == "Section 232 — “copper”\nline two\n"
    assert encoding == name


def test_utf16_without_bom_is_recognised_by_its_nul_pattern() -> None:
    text = "plain English text without a byte-order mark\n" * 5
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_gb18030_chinese() -> None:
    data = CHINESE.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == (CHINESE, "gb18030")


def test_big5_traditional_chinese() -> None:
    assert decode_bytes(TRADITIONAL.encode("big5"))[0] == TRADITIONAL


def test_shift_jis_japanese() -> None:
    assert decode_bytes(JAPANESE.encode("shift_jis"))[0] == JAPANESE


def test_mixed_line_endings_become_lf() -> None:
    assert decode_bytes(b"a\r\nb\rc\nd\r\n\r\ne")[0] == "a\nb\nc\nd\n\ne"


def test_normalize_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\u2029d\n") == "a\nb\nc\nd\n"
    same = "no carriage returns"
    assert normalize_newlines(same) is same


def test_odd_spaces_and_quotes_are_kept() -> None:
    text = "§\u202f1701 and\u00a0“quotes” ‘single’\n"
    assert decode_bytes(text.encode())[0] == text


def test_nul_bytes_inside_text_are_removed_with_a_warning() -> None:
    decoded = decode_text(b"# Title\n\nSome\x00 text here and a longer line of prose.\n" * 20)
    assert "\x00" not in decoded.text
    assert decoded.text.startswith("# Title\n\nSome text here and a longer line of prose.\n")
    assert decoded.warnings and "NUL" in decoded.warnings[0]


@pytest.mark.parametrize(
    "data",
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE],
    ids=["empty", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_empty_and_bom_only_data_is_refused(data: bytes) -> None:
    with pytest.raises(LoadError, match="empty"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(200), "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
    ],
)
def test_binary_formats_are_recognised_by_magic_bytes(data: bytes, kind: str) -> None:
    assert kind in (sniff_binary(data) or "")
    with pytest.raises(LoadError, match=kind):
        decode_bytes(data)


def test_nul_heavy_data_is_binary() -> None:
    rnd = random.Random(7)
    data = bytes(rnd.choice([0, 0, 0, 65, 200, 17]) for _ in range(4000))
    with pytest.raises(LoadError, match="binary"):
        decode_bytes(data)


def test_random_bytes_are_binary() -> None:
    rnd = random.Random(3)
    data = bytes(rnd.getrandbits(8) for _ in range(20000))
    with pytest.raises(LoadError):
        decode_bytes(data)


def test_control_characters_mean_binary() -> None:
    with pytest.raises(LoadError, match="control"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 65]) * 100)


def test_declared_charset_is_used_when_utf8_fails() -> None:
    text = "Ministère des Affaires étrangères\n"
    decoded = decode_text(text.encode("iso-8859-15"), declared="ISO-8859-15")
    assert decoded.text == text
    assert decoded.encoding == "iso8859-15"


def test_declared_charset_never_beats_valid_utf8() -> None:
    assert decode_text("naïve".encode(), declared="windows-1252").text == "naïve"


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_load_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except LoadError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert "\r" not in text and "\x00" not in text and encoding


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    # Lone surrogates are not text: no file in a Unicode encoding can hold one.
    st.text(
        st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
        min_size=1,
        max_size=200,
    ),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_any_text_round_trips_through_a_unicode_encoding(text: str, codec: str) -> None:
    data = text.encode(codec)
    try:
        decoded, _ = decode_bytes(data)
    except LoadError:
        return  # e.g. nothing but control characters
    assert decoded.lstrip("\ufeff") == normalize_newlines(text).lstrip("\ufeff")
