"""Alembic migrations; roles, grants and RLS policies live beside the tables they protect."""
