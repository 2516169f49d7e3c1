"""Catalog and per-store inventory: products, categories, stock levels, movements, transfers."""
