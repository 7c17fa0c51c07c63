"""SQL of the admin context, nothing else: one module per table family."""
