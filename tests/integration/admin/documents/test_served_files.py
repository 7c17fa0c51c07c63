"""What the API serves of an uploaded document is inert: the original bytes never come back,
downloads carry a fixed extension and `nosniff`, page images are PNGs rendered by AIMS
(ASVS 12.3.4, 12.5.2)."""

from __future__ import annotations

import re

from .conftest import DocumentApi, text_pdf

DOWNLOADS = {
    "json": "application/json",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
EXTENSIONS = {"json": ".json", "markdown": ".md", "text": ".txt"}


async def test_results_are_inert_downloads_and_the_original_never_comes_back(
    api: DocumentApi,
) -> None:
    original = text_pdf(pages=1)
    uploaded = (await api.upload(original, 'report.html";x=.pdf')).json()
    await api.wait_for_job(uploaded["job"]["id"])
    base = f"/documents/{uploaded['id']}"
    served = []
    for export_format, media_type in DOWNLOADS.items():
        answer = await api.get(f"{base}/export", params={"format": export_format})
        assert answer.headers["content-type"] == media_type
        assert answer.headers["x-content-type-options"] == "nosniff"
        disposition = answer.headers["content-disposition"]
        assert disposition.startswith("attachment; filename*=UTF-8''")
        assert re.fullmatch(r"[A-Za-z0-9%._~-]+", disposition.split("''", 1)[1])
        assert disposition.endswith(EXTENSIONS[export_format])
        served.append(answer.content)
    image = await api.get(f"{base}/pages/1/image")
    assert image.headers["content-type"] == "image/png"
    assert image.headers["x-content-type-options"] == "nosniff"
    for path in ("", "/analysis", "/markdown", "/text"):
        answer = await api.get(base + path)
        assert answer.headers["content-type"].count("charset") <= 1, path
        served.append(answer.content)
    assert all(original not in body for body in [*served, image.content])
