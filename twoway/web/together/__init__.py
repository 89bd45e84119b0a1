"""Two accounts together: linking a relationship, what each side sees, and the perception gap."""
