"""Imports from the browser: ledger files, chat exports and account exports, run as background jobs."""
