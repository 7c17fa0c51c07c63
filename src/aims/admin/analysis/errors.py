"""Typed refusals of input documents; the API maps each code to a 4xx answer."""

from __future__ import annotations

from typing import Literal

RejectionCode = Literal[
    "unsupported_type",
    "too_large",
    "too_many_pages",
    "page_too_large",
    "encrypted",
    "corrupt",
    "empty",
    "ambiguous_type",
    "embedded_files",
]


class DocumentRejected(Exception):
    """The input cannot be analysed; `code` is stable, `message` is for people."""

    def __init__(self, code: RejectionCode, message: str) -> None:
        super().__init__(code, message)
        self.code: RejectionCode = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"
