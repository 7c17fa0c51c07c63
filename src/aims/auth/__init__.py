"""Auth context: accounts, credentials, sessions, tokens, JWKS, roles and sign-in audit."""
