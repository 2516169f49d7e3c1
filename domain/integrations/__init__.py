"""Integration plumbing: transactional outbox, idempotent writes, notifications, public links."""
