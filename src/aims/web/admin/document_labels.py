"""Names the document pages show for job states (the console's), stages and element types."""

from __future__ import annotations

from types import MappingProxyType

from aims.web.admin.labels import JOB_STATES
from aims.web.forms import N_

DOCUMENT_LABELS = MappingProxyType(
    {
        "state": JOB_STATES,
        "stage": {
            "waiting": N_("Waiting for a worker"),
            "reading_pages": N_("Reading pages"),
            "assembling": N_("Building the hierarchy"),
            "done": N_("Finished"),
        },
        "type": {
            "title": N_("Title"),
            "heading": N_("Heading"),
            "paragraph": N_("Paragraph"),
            "list_item": N_("List item"),
            "table": N_("Table"),
            "figure": N_("Figure"),
            "caption": N_("Caption"),
            "footnote": N_("Footnote"),
            "page_header": N_("Page header"),
            "page_footer": N_("Page footer"),
            "page_number": N_("Page number"),
        },
        "problem": {
            "level_number": N_("Choose a level from the list."),
            "level": N_("A heading needs a level of 1 or more."),
            "type": N_("Choose a type from the list."),
            "move": N_("The element is already at that end of its page."),
            "element_id": N_("This element is not in the current version. Reload the page."),
            "text": N_("The text is too long."),
            "text_blank": N_("A title or heading needs text: type it, or choose another type."),
            "text_unstorable": N_(
                "The text contains a character that is not allowed (a control character such"
                " as NUL). Remove it and try again."
            ),
            "form_invalid": N_("The form could not be read. Please try again."),
            "changed_meanwhile": N_(
                "Someone saved another correction meanwhile. Your changes are below: check"
                " the page and save again."
            ),
        },
    }
)
"""Untranslated labels by kind and value; templates translate them."""
