"""Who a signed-in person is for the product: their identity provider's claims → a User with a role.

The users table decides (managed on the admin page and with `python -m data users`). Optionally an
installation may also trust a claim of the token for the role (and one for the agency code), e.g.
a Keycloak client role mapped into the ID token; the table wins when both speak.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from data import users
from data.roles import User


@dataclass(frozen=True)
class ClaimSettings:
    """Names of the token claims that may carry a role and an agency code (`[access]` in secrets.toml)."""
    role_claim: str | None = None
    agency_claim: str | None = None

    @classmethod
    def from_mapping(cls, section) -> "ClaimSettings":
        section = section or {}
        return cls(section.get("role_claim") or None, section.get("agency_claim") or None)


def email_of(claims: dict) -> str | None:
    """The email the provider vouches for (lower case), or None when the token carries none or says
    it is not verified (`email_verified: false`)."""
    if claims.get("email_verified") is False:
        return None
    email = claims.get("email")
    if isinstance(email, str) and "@" in email:
        return users.normalise_email(email)
    return None


def resolve(engine: Engine, claims: dict, settings: ClaimSettings = ClaimSettings()) -> User | None:
    """The product's user for these claims, or None: signed in, but not (yet) given access."""
    email = email_of(claims)
    if email is None:
        return None
    user = users.get_user(engine, email)
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    if user is not None:
        return User(user.email, user.role, user.agency_code, user.name or name)
    if settings.role_claim is None:
        return None
    role = _claimed_role(claims.get(settings.role_claim))
    agency = claims.get(settings.agency_claim) if settings.agency_claim else None
    try:
        email, role, agency = users.checked(email, role or "", agency if isinstance(agency, str) else None)
    except users.UserError:
        return None  # an unusable claim gives no access rather than a guessed one
    return User(email, role, agency, name)


def _claimed_role(value) -> str | None:
    """A role from a claim that is a string or a list of strings (the first that is a known role)."""
    values = [value] if isinstance(value, str) else (value if isinstance(value, list) else [])
    return next((v for v in values if v in users.ROLES), None)
