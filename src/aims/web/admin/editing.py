"""Changing a document from the console: correct an element, reset to the original, reprocess,
delete (the last two behind a confirmation page)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, Parameter, URLEncodedBody
from litestar.response import Redirect, Template

from aims.admin.public import (
    MAX_ELEMENT_TEXT,
    ElementEdit,
    InvalidAnalysis,
    JobConflict,
    VersionMismatch,
)
from aims.web.admin.deps import Documents
from aims.web.admin.detail import DOCUMENTS, DOCUMENTS_URL, EditorState, render_detail
from aims.web.admin.guards import Console
from aims.web.guards import Visit
from aims.web.notices import with_notice

_FIELDS = ("text", "type", "level", "move", "element_id")


class ElementForm(msgspec.Struct, kw_only=True):
    """The editor's form; `action` is the button pressed."""

    text: Annotated[str, msgspec.Meta(max_length=MAX_ELEMENT_TEXT)] = ""
    type: Annotated[str, msgspec.Meta(max_length=20)] = ""
    level: Annotated[str, msgspec.Meta(max_length=2)] = ""
    etag: Annotated[str, msgspec.Meta(max_length=200)] = ""
    action: Literal["save", "up", "down"] = "save"


def _edit(element_id: str, form: ElementForm) -> ElementEdit | str:
    """The correction the form asks for, or the problem key of its level."""
    if form.action != "save":
        return ElementEdit(element_id=element_id, move=form.action)
    level = form.level.strip()
    if level and not level.isdigit():
        return "level_number"
    return ElementEdit(
        element_id=element_id,
        text=form.text.replace("\r\n", "\n"),
        type=form.type or None,
        level=int(level) if level else None,
    )


def _refused(form: ElementForm, problem: Exception | str) -> EditorState:
    problems: dict[str, str] = {}
    violations: list[str] = []
    if isinstance(problem, str):
        problems["level"] = problem
    elif isinstance(problem, VersionMismatch):
        problems["form"] = "changed_meanwhile"
    else:
        for item in getattr(problem, "errors", []):
            name = item.get("field", "")
            if name in _FIELDS:
                problems[name] = name
            else:
                violations.append(f"{name or '/'}: {item.get('message', '')}")
    return EditorState(
        text=form.text,
        type=form.type,
        level=form.level,
        problems=problems,
        violations=tuple(violations),
    )


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
        """Save the correction as the edited version; a refusal shows the form again with
        what was typed and what is wrong."""
        edit = _edit(element_id, data)
        problem: Exception | str
        if isinstance(edit, str):
            problem = edit
        else:
            try:
                await documents.edit_element(
                    console.user, document_id, edit, console.client, data.etag or None
                )
            except (InvalidAnalysis, VersionMismatch) as refused:
                problem = refused
            else:
                notice = "element_saved" if data.action == "save" else "element_moved"
                return Redirect(_selected(document_id, element_id, notice), status_code=303)
        status = 409 if isinstance(problem, VersionMismatch) else 422
        state = _refused(data, problem)
        return await render_detail(
            console, documents, document_id, 1, element_id, None, state, status
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
