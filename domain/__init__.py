"""Business contexts, one package each; they import tenants/, never the web layer."""
