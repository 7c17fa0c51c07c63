"""HTTP metrics for Prometheus, counted by the request-context middleware.

Requests by method, route template and status, their latency histogram, requests in
flight, and server errors; `/metrics` and `/health` are not counted. A path no route
matched is counted as `unmatched`, so scanners cannot grow the label set without bound.
Label children are looked up once per (method, route, status) and then kept.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

APP_NAME = "aims"
NOT_COUNTED = frozenset({"/metrics", "/health"})
UNMATCHED = "unmatched"

_LABELS = ("method", "path", "status_code", "app_name")
_REQUESTS = Counter("aims_requests", "HTTP requests by route and status", _LABELS)
_ERRORS = Counter("aims_requests_error", "HTTP requests answered 5xx", _LABELS)
_DURATION = Histogram("aims_request_duration_seconds", "HTTP request latency", _LABELS)
_IN_PROGRESS = Gauge(
    "aims_requests_in_progress", "HTTP requests being served", ("method", "app_name")
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_Children = tuple[Counter, Histogram, Counter | None]
_children: dict[tuple[str, str, int], _Children] = {}


def counted(path: str) -> bool:
    """Whether requests to `path` are counted at all."""
    return path not in NOT_COUNTED


def method_label(method: str) -> str:
    """The method as a label: a standard one, else OTHER (clients choose the method)."""
    return method if method in _METHODS else "OTHER"


def started(method: str) -> Gauge:
    """Count a request in flight; `.dec()` the result when it is answered."""
    gauge = _IN_PROGRESS.labels(method_label(method), APP_NAME)
    gauge.inc()
    return gauge


def finished(method: str, route: str | None, status: int, seconds: float) -> None:
    """Count an answered request under its route template (None: no route matched)."""
    key = (method_label(method), route or UNMATCHED, status)
    children = _children.get(key)
    if children is None:
        values = (*key, APP_NAME)
        error = _ERRORS.labels(*values) if status >= 500 else None
        children = (_REQUESTS.labels(*values), _DURATION.labels(*values), error)
        _children[key] = children
    requests, duration, error = children
    requests.inc()
    duration.observe(seconds)
    if error is not None:
        error.inc()
