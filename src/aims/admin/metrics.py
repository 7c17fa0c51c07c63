"""Prometheus metrics of the document service."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PAGES = Counter(
    "aims_document_pages_processed",
    "Pages analysed by this process, by where their text came from",
    ["text_source"],
)
PAGE_SECONDS = Histogram(
    "aims_document_page_seconds",
    "Seconds the engine took for one page, by text source",
    ["text_source"],
    buckets=(0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80),
)
JOBS = Gauge("aims_document_jobs", "Document jobs by state (all workers)", ["state"])
QUEUE_DEPTH = Gauge("aims_document_queue_depth", "Document jobs queued and due, awaiting a worker")
