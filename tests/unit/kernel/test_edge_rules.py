"""The edge's text rules, without a server."""

import pytest

from aims.kernel.edge import (
    MAX_JSON_DEPTH,
    HeadersTooLarge,
    MalformedRequest,
    check_headers,
    require_clean_encoded,
    require_clean_json,
)


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = {"next": [value]}
    return value


def test_json_up_to_the_depth_limit_is_fine_and_deeper_is_refused() -> None:
    require_clean_json(nested(MAX_JSON_DEPTH // 2))
    with pytest.raises(MalformedRequest):
        require_clean_json(nested(MAX_JSON_DEPTH))


@pytest.mark.parametrize(
    "value", [{"a": "x\x00"}, {"a\x00": 1}, ["\ud800"], {"a": [{"b": "\udfff"}]}]
)
def test_nul_or_a_lone_surrogate_anywhere_in_json_is_refused(value: object) -> None:
    with pytest.raises(MalformedRequest):
        require_clean_json(value)


def test_japanese_text_and_astral_characters_are_clean() -> None:
    require_clean_json({"名前": ["山田 花子", "😀", 1, None, True]})
    require_clean_encoded("q=山田+花子&e=😀".encode(), "query string")
    require_clean_encoded(b"q=%E5%B1%B1%E7%94%B0", "query string")


@pytest.mark.parametrize("raw", [b"a=%00", b"a=%ff", b"a=\xff", b"%C0%80=1"])
def test_encoded_text_must_be_utf8_without_nul(raw: bytes) -> None:
    with pytest.raises(MalformedRequest):
        require_clean_encoded(raw, "form")


def test_headers_are_bounded_and_single_line() -> None:
    check_headers([(b"user-agent", b"Mozilla/5.0\tok")])
    with pytest.raises(MalformedRequest):
        check_headers([(b"x-name", b"a\r\nb")])
    with pytest.raises(HeadersTooLarge):
        check_headers([(b"cookie", b"x" * 9000)])
