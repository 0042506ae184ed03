"""Nothing to administer: search has no records of its own."""
