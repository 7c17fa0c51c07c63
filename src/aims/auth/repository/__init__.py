"""SQL of the auth context, one module per aggregate; queries only, no rules."""
