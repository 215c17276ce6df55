"""Admin registrations, one module per audience/area so that each stays small."""

from commitments.admin import audit, background, core, imports, reports, supervision  # noqa: F401  (registers the ModelAdmins)
