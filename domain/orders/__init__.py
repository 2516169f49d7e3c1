"""Orders: capture, approval, fulfilment, shipping, delivery, returns, payments, invoices."""
