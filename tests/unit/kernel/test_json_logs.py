import contextvars
import io
import json
import logging
import sys
import threading

import pytest

from aims.kernel.logging import JsonFormatter, configure_logging, request_id_var


def test_a_record_is_one_json_line_with_the_request_id_and_extras() -> None:
    token = request_id_var.set("req-1")
    try:
        record = logging.makeLogRecord(
            {"name": "aims.http", "levelname": "INFO", "msg": "request", "extra_field": 7}
        )
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "request"
    assert entry["logger"] == "aims.http"
    assert entry["request_id"] == "req-1"
    assert entry["extra_field"] == 7


class BlockedOutput(io.StringIO):
    """A stdout whose writes wait until the test lets them through (a stalled pipe)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def write(self, text: str) -> int:
        self.release.wait(30)
        return super().write(text)


def test_logging_never_waits_for_a_stalled_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    output = BlockedOutput()
    monkeypatch.setattr(sys, "stdout", output)
    configure_logging("INFO")
    token = request_id_var.set("req-2")
    try:
        log_many = lambda: [logging.getLogger("aims.http").info("request") for _ in range(100)]  # noqa: E731
        caller = threading.Thread(target=contextvars.copy_context().run, args=(log_many,))
        caller.start()
        caller.join(10)
        assert not caller.is_alive(), "the caller waited for stdout"
    finally:
        request_id_var.reset(token)
        output.release.set()
        configure_logging("INFO")  # stops the listener: everything queued is written
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    assert len(lines) == 100
    assert {line["request_id"] for line in lines} == {"req-2"}
