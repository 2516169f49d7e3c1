"""HTTP edge of the retail CRM: app factory, controllers, guards, CLI."""
