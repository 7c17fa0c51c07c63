"""The edge's text rules, without a server."""

from unittest.mock import ANY

import pytest

from aims.kernel.edge import (
    MAX_JSON_DEPTH,
    HeadersTooLarge,
    MalformedRequest,
    UnstorableField,
    check_headers,
    form_pairs,
    require_clean_encoded,
    require_clean_form,
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


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"a": "x\x00"}, "a"),
        ({"a\x00": 1}, "body"),
        (["\ud800"], "[0]"),
        ({"a": [{"b": "\udfff"}]}, "a[0].b"),
        ({"a": {"b\x00": 1}}, "a"),
    ],
)
def test_unstorable_json_text_names_its_field(value: object, field: str) -> None:
    with pytest.raises(UnstorableField) as refused:
        require_clean_json(value)
    assert refused.value.extra == [{"field": field, "message": ANY}]


def test_a_form_field_is_named_unless_its_form_reports_it() -> None:
    pairs = form_pairs(b"name=Taro&bio=a%00b")
    with pytest.raises(UnstorableField) as refused:
        require_clean_form(pairs, reported_by_form=False)
    assert refused.value.extra == [{"field": "bio", "message": ANY}]
    require_clean_form(pairs, reported_by_form=True)
    with pytest.raises(MalformedRequest):  # a name is never the form's to report
        require_clean_form(form_pairs(b"bi%00o=1"), reported_by_form=True)


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
