"""Changing a document from the console: correct an element, reset to the original, reprocess,
delete (the last two behind a confirmation page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, Parameter, URLEncodedBody
from litestar.response import Redirect, Template

from aims.admin.public import (
    DocumentsFacade,
    ElementEdit,
    InvalidAnalysis,
    JobConflict,
    VersionMismatch,
)
from aims.web.admin.deps import Documents
from aims.web.admin.detail import DOCUMENTS, DOCUMENTS_URL, EditorState, render_detail
from aims.web.admin.element_form import ElementForm, Problems, element_edit
from aims.web.admin.guards import Console
from aims.web.guards import Visit
from aims.web.notices import with_notice

_FIELDS = ("text", "type", "level", "move", "element_id")
_PROBLEM_OF_REFUSAL = {"text": "text_blank"}
"""The message key of a field the service refused, where it is not the field's name (the text's
length is checked by the form: the service refuses only a title or heading without text)."""


def _named(refused: InvalidAnalysis) -> tuple[Problems, tuple[str, ...]]:
    """The refusal's problems by form field, and the schema violations no field shows."""
    problems: Problems = {}
    violations: list[str] = []
    for item in refused.errors or []:
        name = item.get("field", "")
        if name in _FIELDS:
            problems[name] = _PROBLEM_OF_REFUSAL.get(name, name)
        else:
            violations.append(f"{name or '/'}: {item.get('message', '')}")
    return problems, tuple(violations)


@dataclass(frozen=True)
class _Refusal:
    """Why a correction was not stored, and the status of the page that says so."""

    problems: Problems
    violations: tuple[str, ...] = ()
    status: int = 422


async def _refusal(
    documents: DocumentsFacade,
    console: Visit,
    document_id: UUID,
    edit: ElementEdit | Problems,
    etag: str,
) -> _Refusal | None:
    """Store the correction (one edit, one new version, refused whole when the version on
    screen is no longer the current one); None once stored."""
    if not isinstance(edit, ElementEdit):
        return _Refusal(edit)
    try:
        await documents.edit_element(console.user, document_id, edit, console.client, etag or None)
    except VersionMismatch:
        return _Refusal({"form": "changed_meanwhile"}, status=409)
    except InvalidAnalysis as refused:
        return _Refusal(*_named(refused))
    return None


def _selected(document_id: UUID, element_id: str, notice: str) -> str:
    query = urlencode({"element": element_id, "notice": notice})
    return f"{DOCUMENTS_URL}/{document_id}?{query}#element-level"


def _confirm(console: Visit, **context: Any) -> Template:
    return console.page("admin/confirm.html", **context)


class EditingPages(Controller):
    """The buttons of a document's page."""

    include_in_schema = False

    @post(DOCUMENTS + "/{document_id:uuid}/elements/{element_id:str}")
    async def edit_element(
        self,
        document_id: FromPath[UUID],
        element_id: Annotated[str, Parameter(max_length=20)],
        data: URLEncodedBody[ElementForm],
        console: Console,
        documents: Documents,
    ) -> Template | Redirect:
        """Save the correction as the edited version: the fields, and the move of a move button,
        as one edit; a refusal shows the form again with what was typed and what is wrong."""
        refusal = await _refusal(
            documents, console, document_id, element_edit(element_id, data), data.etag
        )
        if refusal is None:
            notice = "element_saved" if data.action == "save" else "element_moved"
            return Redirect(_selected(document_id, element_id, notice), status_code=303)
        state = EditorState(
            text=data.text,
            type=data.type,
            level=data.level,
            problems=refusal.problems,
            violations=refusal.violations,
        )
        return await render_detail(
            console, documents, document_id, 1, element_id, None, state, refusal.status
        )

    @get(DOCUMENTS + "/{document_id:uuid}/reset")
    async def confirm_reset(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Template:
        """Ask before dropping the corrections."""
        document = await documents.get(console.user, document_id)
        return _confirm(console, action="reset", document=document)

    @post(DOCUMENTS + "/{document_id:uuid}/reset")
    async def reset(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Redirect:
        """Drop the edited version: the original is shown again."""
        await documents.reset(console.user, document_id, console.client)
        return Redirect(
            with_notice(f"{DOCUMENTS_URL}/{document_id}", "reset_done"), status_code=303
        )

    @get(DOCUMENTS + "/{document_id:uuid}/delete")
    async def confirm_delete(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Template:
        """Ask before deleting."""
        document = await documents.get(console.user, document_id)
        return _confirm(console, action="delete", document=document)

    @post(DOCUMENTS + "/{document_id:uuid}/delete")
    async def delete(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Redirect:
        """Delete the document, its results and (once unused) its files."""
        await documents.delete(console.user, document_id, console.client)
        return Redirect(with_notice(DOCUMENTS_URL, "document_deleted"), status_code=303)

    @post(DOCUMENTS + "/{document_id:uuid}/reprocess")
    async def reprocess(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Template | Redirect:
        """Analyse the document again in a new job (the corrections are kept)."""
        try:
            await documents.reprocess(console.user, document_id, None, console.client)
        except JobConflict:
            return Redirect(
                with_notice(f"{DOCUMENTS_URL}/{document_id}", "job_busy"), status_code=303
            )
        return Redirect(
            with_notice(f"{DOCUMENTS_URL}/{document_id}", "reprocess_queued"), status_code=303
        )
