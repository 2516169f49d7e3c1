"""Custom fields: per-tenant definitions of extra fields on customers and products."""
