"""Use cases of the auth context, one module per family; `base.AuthDeps` carries their tools."""
