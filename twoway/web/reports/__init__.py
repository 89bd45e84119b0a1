"""The report page of a relationship, and its self-assessment."""
