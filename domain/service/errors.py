"""Stable error codes of the service context."""

from __future__ import annotations

from tenants.errors import Conflict


class NoAssignee(Conflict):
    """Automatic assignment found no active support user covering the ticket's store."""

    code = "no_assignee"


class CsatAlreadyAnswered(Conflict):
    """The ticket's satisfaction survey has been answered; one response per ticket."""

    code = "csat_already_answered"


class TicketNotReturnable(Conflict):
    """A return is started from a ticket only when the ticket is linked to an order."""

    code = "ticket_has_no_order"
