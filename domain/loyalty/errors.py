"""Loyalty's problems."""

from __future__ import annotations

from tenants.errors import Conflict


class InsufficientPoints(Conflict):
    """409: a redemption or deduction larger than the member's balance; nothing was written."""

    code = "insufficient_points"


class LoyaltyOff(Conflict):
    """409: the tenant's program is switched off, so points cannot be redeemed or adjusted."""

    code = "loyalty_disabled"
