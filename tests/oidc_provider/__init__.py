"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit on loopback.

Started by tests/oidc/conftest.py as a subprocess (``python -m tests.oidc_provider.serve``), with
an RS256 key generated at start, confidential clients that must use PKCE, and test users whose
claims (email_verified, acr, amr) each journey chooses.
"""
