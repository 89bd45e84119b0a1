"""The journal: people, the log form, and the list of entries with their edits."""
