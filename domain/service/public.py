"""What other contexts may use of the service context: whether a ticket belongs to an order."""

from __future__ import annotations

from domain.service.queries import is_ticket_of_order

__all__ = ["is_ticket_of_order"]
