"""Stable error codes of the order context (Saleor's error_codes.py is the model)."""

from __future__ import annotations

from tenants.errors import Conflict


class InvalidTransition(Conflict):
    """The action is not legal in the order's current status (409 `invalid_transition`)."""

    code = "invalid_transition"

    def __init__(self, action: str, status: str, reason: str = "") -> None:
        detail = f"Cannot {action} an order that is {status}" + (f": {reason}." if reason else ".")
        super().__init__(detail, extra={"action": str(action), "current_status": str(status)})
        self.action = str(action)
        self.status = str(status)


class FulfilmentNotPacked(Conflict):
    """Shipping a fulfilment that is not (or no longer) packed."""

    code = "fulfilment_not_packed"


class InvalidReturnTransition(Conflict):
    """The action is not legal in the return's current status (409 `invalid_transition`)."""

    code = "invalid_transition"

    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            f"Cannot {action} a return that is {status}.",
            extra={"action": str(action), "current_status": str(status)},
        )


class OrderNotPayable(Conflict):
    """Payments are recorded only on submitted, live orders (not drafts, cancelled or rejected)."""

    code = "order_not_payable"


class OrderNotReturnable(Conflict):
    """Returns are requested only for delivered or completed orders."""

    code = "order_not_returnable"


class RefundExceedsPaid(Conflict):
    """A refund would give back more than was paid minus what was already refunded."""

    code = "refund_exceeds_paid"


class InvoiceNotAvailable(Conflict):
    """An invoice is issued only for approved (or later) orders."""

    code = "invoice_not_available"


class OrderHasPayments(Conflict):
    """The customer of an order is fixed once money was taken for it."""

    code = "order_has_payments"


class OrderHasCustomer(Conflict):
    """A member is attached only to a walk-in sale (a draft's customer changes through PATCH)."""

    code = "order_has_customer"
