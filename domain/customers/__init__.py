"""Customer data management: profiles, consent, search, the first business resource."""
