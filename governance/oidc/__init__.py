"""Sign-in with the State's identity federations: ProConnect (agents) and FranceConnect (citizens).

Built on django-allauth's OpenID Connect provider; this package only adds what these services
require of a client (nonce, verified signatures, signed userinfo, RP-initiated logout) and the
platform's account-linking rules.
"""
