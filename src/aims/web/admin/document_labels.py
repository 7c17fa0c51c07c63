"""Names the document pages show for job states (the console's), stages and element types."""

from __future__ import annotations

from types import MappingProxyType

from aims.web.admin.labels import JOB_STATES
from aims.web.forms import N_

FILE_REFUSALS = {
    "empty": N_("The file is empty."),
    "unsupported_type": N_("Upload a PDF, PNG, JPEG or TIFF file."),
    "too_large": N_("The file is larger than allowed."),
    "too_many_pages": N_("The document has more pages than allowed."),
    "page_too_large": N_("A page of the document is too large an image."),
    "encrypted": N_("The PDF is encrypted. Upload an unprotected copy."),
    "corrupt": N_("The file is damaged and cannot be read."),
}
"""Why a file is refused, at upload or when its job reads it."""

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
        "job_error": {
            **FILE_REFUSALS,
            "ambiguous_type": N_("The file is more than one kind of file."),
            "embedded_files": N_("The PDF carries attached files."),
            "out_of_memory": N_("Reading it needs more memory than an analysis process may use."),
            "reader_stopped": N_(
                "Reading it stopped the analysis process: it needs too much memory, or is damaged."
            ),
            "interrupted": N_("An analysis process stopped while the document was read."),
            "file_missing": N_("The stored file is missing."),
            "worker_stopped": N_("Its worker stopped before it finished."),
            "workers_lost": N_("Its worker stopped too many times."),
            "unexpected": N_("An unexpected error stopped the analysis."),
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
