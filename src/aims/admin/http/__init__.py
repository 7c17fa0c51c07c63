"""JSON API of the document service under /api/v1/admin: parse, one facade call, respond."""
