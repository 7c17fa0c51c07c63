"""The job state machine, the retry schedule and resumption, without a database."""

import pytest

from aims.admin.domain.jobs import (
    MAX_ATTEMPTS,
    JobState,
    attempts_left,
    can_cancel,
    can_retry,
    missing_pages,
    retry_delay,
)


def test_retries_wait_longer_each_time() -> None:
    assert [retry_delay(attempt, 30) for attempt in (1, 2)] == [30, 120]


def test_a_job_gets_three_attempts() -> None:
    assert [attempts_left(attempt) for attempt in range(1, MAX_ATTEMPTS + 1)] == [True, True, False]


@pytest.mark.parametrize(
    ("state", "cancel", "retry"),
    [
        (JobState.QUEUED, True, False),
        (JobState.RUNNING, True, False),
        (JobState.SUCCEEDED, False, False),
        (JobState.FAILED, False, True),
        (JobState.CANCELLED, False, True),
    ],
)
def test_what_an_admin_may_do_in_each_state(state: JobState, cancel: bool, retry: bool) -> None:
    assert (can_cancel(state), can_retry(state)) == (cancel, retry)


def test_a_resumed_job_starts_at_its_first_missing_page() -> None:
    assert missing_pages(6, {1, 2, 4}) == [3, 5, 6]
    assert missing_pages(3, {1, 2, 3}) == []
