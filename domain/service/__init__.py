"""Customer service: tickets, SLA clocks in business hours, escalation and CSAT surveys."""
