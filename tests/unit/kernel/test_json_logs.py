import json
import logging

from aims.kernel.logging import JsonFormatter, request_id_var


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
