"""Admin context: documents, OCR and hierarchy analysis, jobs, user administration."""
