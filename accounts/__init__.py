"""Who someone is and how they sign in: lockout, passwords, sessions, roles, and the audit of all of it."""
