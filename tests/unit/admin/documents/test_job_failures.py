"""Why a job attempt failed, as a stable code with the page, and whether another attempt could
change it: a page that exhausts or stops its process would do it again."""

from __future__ import annotations

import pytest

from aims.admin import analysis
from aims.admin.adapters.processes import ChildCrashed, ChildOutOfMemory
from aims.admin.ports import FileMissing
from aims.admin.services.outcomes import PageFailed, failure_of
from aims.web.admin.document_labels import DOCUMENT_LABELS


@pytest.mark.parametrize(
    ("error", "code", "page", "final"),
    [
        (PageFailed(3, ChildOutOfMemory()), "out_of_memory", 3, True),
        (PageFailed(2, ChildCrashed("stopped", culprit=True)), "reader_stopped", 2, True),
        (PageFailed(2, ChildCrashed("stopped", culprit=False)), "interrupted", None, False),
        (ChildOutOfMemory(), "out_of_memory", None, True),
        (PageFailed(4, analysis.DocumentRejected("corrupt", "page 4 …")), "corrupt", 4, True),
        (FileMissing("gone"), "file_missing", None, False),
        (PageFailed(1, ValueError("odd")), "unexpected", 1, False),
    ],
)
def test_each_failure_has_a_code_a_page_and_says_whether_to_try_again(
    error: Exception, code: str, page: int | None, final: bool
) -> None:
    failure = failure_of(error)
    assert (failure.code, failure.page, failure.final) == (code, page, final)


def test_the_page_is_named_in_the_english_reason() -> None:
    failure = failure_of(PageFailed(7, ChildOutOfMemory()))
    assert failure.text == "page 7 needs more memory than an analysis process may use"
    assert failure.columns() == {
        "error": failure.text,
        "error_code": "out_of_memory",
        "error_page": 7,
    }


def test_every_code_a_job_can_fail_with_has_a_message_for_the_console() -> None:
    codes = {*analysis.RejectionCode.__args__, "out_of_memory", "reader_stopped", "interrupted"}
    codes |= {"file_missing", "unexpected", "worker_stopped", "workers_lost"}
    assert codes == set(DOCUMENT_LABELS["job_error"])
