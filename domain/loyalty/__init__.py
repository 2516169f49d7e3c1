"""Loyalty: the program, members' points accounts and their append-only ledger."""
