"""Use cases of the admin context's document service, one module per concern."""
