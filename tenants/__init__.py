"""Tenancy and identity: tenants, stores, users, roles, API keys, the tenant-scoped session."""
