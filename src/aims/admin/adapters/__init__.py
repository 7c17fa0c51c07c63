"""The admin context's outside world: file storage, the upload spool, worker processes."""
