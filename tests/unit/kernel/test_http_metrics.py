"""Request metrics: labels by route template, bounded whatever clients send."""

from prometheus_client import REGISTRY

from aims.kernel import metrics


def count(method: str, path: str, status: int) -> float:
    labels = {"method": method, "path": path, "status_code": str(status), "app_name": "aims"}
    return REGISTRY.get_sample_value("aims_requests_total", labels) or 0.0


def test_requests_are_counted_by_route_template_and_status() -> None:
    before = count("GET", "/api/v1/things/{id:uuid}", 200)
    metrics.finished("GET", "/api/v1/things/{id:uuid}", 200, 0.003)
    assert count("GET", "/api/v1/things/{id:uuid}", 200) == before + 1


def test_unrouted_paths_and_invented_methods_share_one_label_each() -> None:
    before = count("OTHER", metrics.UNMATCHED, 404)
    for n in range(5):
        metrics.finished(f"BREW{n}", None, 404, 0.001)
    assert count("OTHER", metrics.UNMATCHED, 404) == before + 5


def test_server_errors_are_counted_apart() -> None:
    labels = {"method": "POST", "path": "/x", "status_code": "503", "app_name": "aims"}
    before = REGISTRY.get_sample_value("aims_requests_error_total", labels) or 0.0
    metrics.finished("POST", "/x", 503, 0.001)
    assert REGISTRY.get_sample_value("aims_requests_error_total", labels) == before + 1
