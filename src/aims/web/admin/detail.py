"""One document's page: its facts, job progress, actions, and the viewer with the editor."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import UUID

from litestar.response import Template

from aims.admin.public import (
    ELEMENT_TYPES,
    MAX_ELEMENT_TEXT,
    MAX_LEVEL,
    AnalysisNotReady,
    AnalysisVersion,
    DocumentsFacade,
    DocumentView,
    Export,
)
from aims.web.admin.navigation import CONSOLE
from aims.web.admin.viewer import PageView, ViewElement, page_view, read_analysis
from aims.web.guards import Visit

DOCUMENTS = "/documents"
"""The documents' routes, relative to the console."""
DOCUMENTS_URL = CONSOLE + DOCUMENTS


@dataclass(frozen=True)
class EditorState:
    """The editor's fields as submitted, with what was wrong (message keys per field, and
    violations of the schema as the service named them)."""

    text: str
    type: str
    level: str
    problems: dict[str, str] = field(default_factory=dict)
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shown:
    """The analysis version on screen, and whether it is the one edits apply to."""

    view: PageView
    version: AnalysisVersion
    etag: str
    editable: bool


async def _shown(
    documents: DocumentsFacade,
    console: Visit,
    document: DocumentView,
    page: int,
    element: str | None,
    version: AnalysisVersion | None,
) -> Shown | None:
    if not document.has_analysis:
        return None
    try:
        found: Export = await documents.analysis(console.user, document.id, version)
    except AnalysisNotReady:
        return None
    analysis = await read_analysis(found.content)
    if not analysis.pages:
        return None
    current = "edited" if document.has_edited else "original"
    return Shown(
        view=page_view(analysis, page, element),
        version=found.version,
        etag=found.etag,
        editable=found.version == current,
    )


def _keeping_refused(shown: Shown, element_id: str, editor: EditorState) -> Shown:
    """The editor stays on screen with what was typed, and why it was refused, even when the
    element it names is not in the version shown (removed by a correction saved meanwhile)."""
    kind = editor.type if editor.type in ELEMENT_TYPES else "paragraph"
    missing = ViewElement(
        id=element_id, type=kind, page=shown.view.page.number, bbox=(0, 0, 0, 0), text=""
    )
    return replace(shown, view=replace(shown.view, selected=missing))


async def render_detail(
    console: Visit,
    documents: DocumentsFacade,
    document_id: UUID,
    page: int,
    element: str | None,
    version: AnalysisVersion | None,
    editor: EditorState | None = None,
    status: int = 200,
) -> Template:
    """The document page; `editor` keeps a refused correction's fields and problems."""
    document = await documents.get(console.user, document_id)
    shown = await _shown(documents, console, document, page, element, version)
    if shown and element and editor and shown.view.selected is None:
        shown = _keeping_refused(shown, element, editor)
    return console.page(
        "admin/documents/detail.html",
        status_code=status,
        document=document,
        shown=shown,
        editor=editor,
        element_types=ELEMENT_TYPES,
        max_level=MAX_LEVEL,
        max_text=MAX_ELEMENT_TEXT,
    )
