"""Document analysis engine: OCR, layout and heading hierarchy of PDFs and images.

The job worker calls `check_input` at upload, then `iter_pages` (or `analyse_page` per page)
and `finish`; the CLI calls `analyse_document`. Refusals raise `DocumentRejected`.
"""

from aims.admin.analysis.errors import DocumentRejected, RejectionCode
from aims.admin.analysis.export import to_json, to_markdown, to_text
from aims.admin.analysis.inputs import Limits
from aims.admin.analysis.model import DocumentAnalysis, PageResult
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.pipeline import (
    AnalysisOptions,
    CheckedInput,
    ProgressCallback,
    analyse_document,
    analyse_page,
    check_input,
    finish,
    iter_pages,
)

__all__ = [
    "AnalysisOptions",
    "CheckedInput",
    "DocumentAnalysis",
    "DocumentRejected",
    "Limits",
    "PageOptions",
    "PageResult",
    "ProgressCallback",
    "RejectionCode",
    "analyse_document",
    "analyse_page",
    "check_input",
    "finish",
    "iter_pages",
    "to_json",
    "to_markdown",
    "to_text",
]
