"""Publishing confirmed points to a map service over WFS-T or OGC API - Features Part 4:
dry-run diff, stable identities, batches with read-back, a resumable journal."""
from .http import AuthError, PublishError
from .profile import Auth, Profile, load_profile
from .records import leaving_fields, outgoing_records
from .run import Plan, adopt, client_for, execute, plan

__all__ = ["Profile", "Auth", "load_profile", "plan", "execute", "adopt", "Plan", "client_for",
           "outgoing_records", "leaving_fields", "PublishError", "AuthError"]
